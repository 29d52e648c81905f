// Customers write "twelve adults" as often as "12 adults"; entity rules only read digits.
const units: Record<string, number> = {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  dozen: 12,
};
const tens: Record<string, number> = {
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};

/** Replaces spelled-out counts ("twenty five", "a dozen") with digits; other words pass. */
export function wordsToDigits(text: string): string {
  const tensAlt = Object.keys(tens).join('|');
  const unitAlt = Object.keys(units).join('|');
  const pattern = new RegExp(
    `\\b(?:a\\s+)?(?:(${tensAlt})(?:[\\s-]+(${unitAlt}))?|(${unitAlt}))\\b`,
    'gi',
  );
  return text.replace(pattern, (match, ten?: string, unitAfterTen?: string, unit?: string) => {
    if (ten !== undefined) {
      const t = tens[ten.toLowerCase()] ?? 0;
      const u = unitAfterTen !== undefined ? (units[unitAfterTen.toLowerCase()] ?? 0) : 0;
      return String(t + u);
    }
    if (unit !== undefined) {
      const lower = unit.toLowerCase();
      // "one" is too often a pronoun ("the one on Saturday") to read as a count.
      if (lower === 'one' && !/^a\s/i.test(match)) return match;
      return String(units[lower] ?? match);
    }
    return match;
  });
}
