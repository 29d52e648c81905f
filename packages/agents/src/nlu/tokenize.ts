import { wordsToDigits } from './numbers.ts';

const PLACEHOLDERS: [RegExp, string][] = [
  [/\b[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}\b/g, ' zzemail '],
  [/(?:\+?1[\s.-]?)?\(?\b\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{4}\b/g, ' zzphone '],
  [/\btp[\s#-]*\d{3,7}\b/g, ' zzbooking '],
  [/\$\s?[\d,]+(?:\.\d+)?/g, ' zzmoney '],
  [/\b\d+\s?(?:%|percent)/g, ' zzpercent '],
  [/\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}\/\d{1,2}(?:\/\d{2,4})?\b/g, ' zzdate '],
  [/\b\d{5}\b/g, ' zzzip '],
  [/\b\d{1,2}(?::\d{2})?\s?(?:am|pm|a\.m\.|p\.m\.)/g, ' zztime '],
  [/\b\d+(?:st|nd|rd|th)?\b/g, ' zznum '],
  [/\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\s+zznum\b/g, ' zzdate '],
  [/\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b/g, ' zzweekday '],
];

/**
 * Words normalised so that the classifier learns shapes ("zzmoney", "zzzip") instead of the
 * particular numbers of the training set, which would never generalise.
 */
export function tokenize(text: string): string[] {
  let t = wordsToDigits(text.toLowerCase());
  t = t.replace(/[’‘]/g, "'");
  for (const [pattern, placeholder] of PLACEHOLDERS) t = t.replace(pattern, placeholder);
  t = t.replace(/n't\b/g, ' not').replace(/'(s|re|m|ll|ve|d)\b/g, ' $1');
  return t.split(/[^a-z0-9]+/).filter((w) => w.length > 0);
}

export type Features = Map<string, number>;

// Char n-grams catch typos and inflections ("reschedual", "booked"); they count less than
// whole words so that a long word cannot outvote the rest of the sentence.
const CHAR_WEIGHT = 0.25;

export function featuresOf(text: string): Features {
  const words = tokenize(text);
  const features: Features = new Map();
  const add = (key: string, weight: number): void => {
    features.set(key, (features.get(key) ?? 0) + weight);
  };
  words.forEach((word, i) => {
    add(`w:${word}`, 1);
    const next = words[i + 1];
    if (next !== undefined) add(`b:${word}_${next}`, 1);
    if (!word.startsWith('zz') && word.length > 3) {
      const padded = `^${word}$`;
      for (let n = 3; n <= 5; n += 1) {
        for (let j = 0; j + n <= padded.length; j += 1)
          add(`c:${padded.slice(j, j + n)}`, CHAR_WEIGHT);
      }
    }
  });
  return features;
}
