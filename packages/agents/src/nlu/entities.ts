import { addDays, defaultSettings, resolveSlot, utcToZoned } from '@teppan/core';
import type { AddonCode, ProteinCode, SlotTime } from '@teppan/core';
import { wordsToDigits } from './numbers.ts';

export type Entities = {
  date?: string;
  time?: string;
  slot?: SlotTime;
  adults?: number;
  children?: number;
  toddlers?: number;
  /** A total with no adult/child split ("15 people"). */
  guests?: number;
  zip?: string;
  address?: string;
  proteins?: Partial<Record<ProteinCode, number | true>>;
  addons?: Partial<Record<AddonCode, number | true>>;
  allergens?: string[];
  diets?: string[];
  phone?: string;
  email?: string;
  amountsCents?: number[];
  percent?: number;
  bookingNumber?: string;
  name?: string;
};

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const WEEKDAY_ABBR: Record<string, number> = {
  sun: 0,
  mon: 1,
  tue: 2,
  tues: 2,
  wed: 3,
  thu: 4,
  thur: 4,
  thurs: 4,
  fri: 5,
  sat: 6,
};
const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
const MONTH_ALT =
  'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?';

function monthIndex(token: string): number {
  const lower = token.toLowerCase().slice(0, 3);
  return MONTHS.findIndex((m) => m.startsWith(lower));
}

function pad(n: number): string {
  return n.toString().padStart(2, '0');
}

function isRealDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= last;
}

/** A month/day without a year means its next occurrence, today included. */
function nextMonthDay(today: string, month: number, day: number, year?: number): string | null {
  const thisYear = Number(today.slice(0, 4));
  if (year !== undefined) {
    return isRealDate(year, month, day) ? `${year}-${pad(month)}-${pad(day)}` : null;
  }
  for (const y of [thisYear, thisYear + 1]) {
    const iso = `${y}-${pad(month)}-${pad(day)}`;
    if (isRealDate(y, month, day) && iso >= today) return iso;
  }
  return null;
}

function normalizeYear(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  return raw.length === 2 ? 2000 + n : n;
}

/**
 * Dates relative to the station's wall clock. "this Saturday" and a bare "Saturday" mean the
 * coming one (today when it is Saturday); "next Saturday" means the coming one too unless today
 * is Saturday — customers use both for the upcoming weekend and staff confirm the date anyway.
 */
export function extractDate(
  text: string,
  options: { now: Date; timeZone: string },
): string | undefined {
  const today = utcToZoned({ instant: options.now, timeZone: options.timeZone });
  const lower = text.toLowerCase();

  const iso = /\b(\d{4})-(\d{2})-(\d{2})\b/.exec(lower);
  if (iso) {
    const d = nextMonthDay(today.date, Number(iso[2]), Number(iso[3]), Number(iso[1]));
    if (d) return d;
  }
  const slash = /\b(\d{1,2})\/(\d{1,2})(?:\/(\d{4}|\d{2}))?\b/.exec(lower);
  if (slash) {
    const d = nextMonthDay(today.date, Number(slash[1]), Number(slash[2]), normalizeYear(slash[3]));
    if (d) return d;
  }
  const monthFirst = new RegExp(
    `\\b(${MONTH_ALT})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?(?:,?\\s+(\\d{4}))?\\b`,
  ).exec(lower);
  if (monthFirst?.[1] !== undefined) {
    const d = nextMonthDay(
      today.date,
      monthIndex(monthFirst[1]) + 1,
      Number(monthFirst[2]),
      normalizeYear(monthFirst[3]),
    );
    if (d) return d;
  }
  const dayFirst = new RegExp(
    `\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?(${MONTH_ALT})\\b(?:,?\\s+(\\d{4}))?`,
  ).exec(lower);
  if (dayFirst?.[2] !== undefined) {
    const d = nextMonthDay(
      today.date,
      monthIndex(dayFirst[2]) + 1,
      Number(dayFirst[1]),
      normalizeYear(dayFirst[3]),
    );
    if (d) return d;
  }
  if (/\bday after tomorrow\b/.test(lower)) return addDays(today.date, 2);
  if (/\b(tomorrow|tmrw|tmr)\b/.test(lower)) return addDays(today.date, 1);
  if (/\b(today|tonight|this evening)\b/.test(lower)) return today.date;

  const weekdayAlt = [...WEEKDAYS, ...Object.keys(WEEKDAY_ABBR)].join('|');
  const wd = new RegExp(`\\b(?:(this|next|coming|on)\\s+)?(${weekdayAlt})\\b\\.?`).exec(lower);
  if (wd?.[2] !== undefined) {
    const name = wd[2];
    const target = WEEKDAYS.indexOf(name) >= 0 ? WEEKDAYS.indexOf(name) : (WEEKDAY_ABBR[name] ?? 0);
    let delta = (target - today.weekday + 7) % 7;
    if (delta === 0 && wd[1] === 'next') delta = 7;
    return addDays(today.date, delta);
  }
  if (/\b(this|next|the)\s+weekend\b/.test(lower)) {
    const delta = (6 - today.weekday + 7) % 7;
    return addDays(today.date, delta);
  }
  if (/\bnext week\b/.test(lower)) return addDays(today.date, 7);
  return undefined;
}

/** "6pm", "6:30 p.m.", "18:30", "at 6", "noon", and meal words mapped to their slot. */
export function extractTime(text: string): string | undefined {
  const lower = text.toLowerCase();
  const ampm = /\b(\d{1,2})(?::(\d{2}))?\s*(a\.?m\.?|p\.?m\.?)(?=\s|$|[^a-z])/.exec(lower);
  if (ampm) {
    let hour = Number(ampm[1]);
    const minute = Number(ampm[2] ?? '0');
    const isPm = ampm[3]?.startsWith('p') ?? false;
    if (hour >= 1 && hour <= 12 && minute < 60) {
      if (isPm && hour < 12) hour += 12;
      if (!isPm && hour === 12) hour = 0;
      return `${pad(hour)}:${pad(minute)}`;
    }
  }
  const clock = /\b([01]?\d|2[0-3]):([0-5]\d)\b/.exec(lower);
  if (clock) {
    let hour = Number(clock[1]);
    // "at 6:30" on its own is an evening party, not breakfast; nobody books a 6 a.m. hibachi.
    if (hour >= 1 && hour <= 9) hour += 12;
    return `${pad(hour)}:${clock[2] ?? '00'}`;
  }
  const bare =
    /\b(?:at|around|about|by)\s+(\d{1,2})(?:\s*o'?clock)?\b(?!\s*(?:people|guests|adults|kids|miles|%|\/))/.exec(
      lower,
    );
  if (bare) {
    let hour = Number(bare[1]);
    if (hour >= 1 && hour <= 11) hour += hour <= 9 || hour === 10 || hour === 11 ? 12 : 0;
    if (hour >= 10 && hour <= 23) return `${pad(hour)}:00`;
  }
  if (/\b(noon|midday|lunch(?:time)?)\b/.test(lower)) return '12:00';
  if (/\bafternoon\b/.test(lower)) return '15:00';
  if (/\b(prime time|late night|late evening|night|9ish)\b/.test(lower)) return '21:00';
  if (/\b(evening|dinner(?:time)?|supper)\b/.test(lower)) return '18:00';
  return undefined;
}

const CHILD = '(?:kids?|children|child|youngsters|boys|girls)';
const TODDLER =
  '(?:toddlers?|babies|baby|infants?|little ones|kids? (?:under|below) (?:5|6)|kids? 5 and under|children under (?:5|6))';
const ADULT = '(?:adults?|grown[- ]?ups|grownups)';
const PEOPLE = '(?:people|guests|persons|ppl|pax|folks|of us|attendees|heads)';

function firstNumber(pattern: RegExp, text: string): number | undefined {
  const m = pattern.exec(text);
  return m?.[1] !== undefined ? Number(m[1]) : undefined;
}

export function extractGuests(
  text: string,
): Pick<Entities, 'adults' | 'children' | 'toddlers' | 'guests'> {
  const t = wordsToDigits(text.toLowerCase());
  const out: Pick<Entities, 'adults' | 'children' | 'toddlers' | 'guests'> = {};
  const toddlers = firstNumber(new RegExp(`\\b(\\d{1,3})\\s+${TODDLER}`), t);
  if (toddlers !== undefined) out.toddlers = toddlers;
  // Remove the toddler phrase so "2 kids under 5" is not counted again as 2 children.
  const rest = t.replace(new RegExp(`\\b\\d{1,3}\\s+${TODDLER}`, 'g'), ' ');
  const adults = firstNumber(new RegExp(`\\b(\\d{1,3})\\s+(?:\\w+\\s+)?${ADULT}\\b`), rest);
  if (adults !== undefined) out.adults = adults;
  const children = firstNumber(
    new RegExp(`\\b(\\d{1,3})\\s+(?:\\w+\\s+)?${CHILD}\\b(?!\\s*(?:under|5 and))`),
    rest,
  );
  if (children !== undefined) out.children = children;
  const people =
    firstNumber(new RegExp(`\\b(\\d{1,3})\\s+(?:\\w+\\s+)?${PEOPLE}\\b`), rest) ??
    firstNumber(/\b(?:party|group|family|table|dinner) of (\d{1,3})\b/, rest) ??
    firstNumber(
      /\b(?:for|feed|feeding|serve|serving)\s+(\d{1,3})\b(?!\s*(?:%|dollars|bucks|miles|pm|am|:|\/|th|st|nd|rd))/,
      rest,
    );
  if (people !== undefined) {
    if (out.adults === undefined) {
      // "15 people including 3 kids" names the total first; the rest are adults.
      const adultsFromTotal = people - (out.children ?? 0) - (out.toddlers ?? 0);
      if (adultsFromTotal > 0) out.adults = adultsFromTotal;
      else out.guests = people;
    } else {
      out.guests = people;
    }
  }
  return out;
}

const PROTEIN_SYNONYMS: [RegExp, ProteinCode][] = [
  [/\blobster(?:\s+tails?)?\b/, 'lobster_tail'],
  [/\b(?:filet(?:\s+mignon)?|fillet(?:\s+mignon)?|filets|tenderloin|mignon)\b/, 'filet_mignon'],
  [/\b(?:ny strip|new york strip|new york steak|strip steak|sirloin|steak)s?\b/, 'ny_strip'],
  [/\bscallops?\b/, 'scallops'],
  [/\bsalmon\b/, 'salmon'],
  [/\b(?:shrimps?|prawns?)\b/, 'shrimp'],
  [/\b(?:calamari|squid)\b/, 'calamari'],
  [/\b(?:chicken|chickens)\b/, 'chicken'],
  [/\btofu\b/, 'tofu'],
];
const ADDON_SYNONYMS: [RegExp, AddonCode][] = [
  [/\b(?:yakisoba|noodles?|lo mein)\b/, 'yakisoba'],
  [/\b(?:extra|more|additional)\s+(?:fried\s+)?rice\b/, 'extra_fried_rice'],
  [/\b(?:extra|more|additional)\s+(?:veggies|vegetables|veg)\b/, 'extra_vegetables'],
  [/\bedamame\b/, 'edamame'],
  [/\b(?:gyoza|dumplings?|potstickers?)\b/, 'gyoza'],
];

function countBefore(text: string, index: number): number | undefined {
  const before = text.slice(Math.max(0, index - 24), index);
  const m =
    /(\d{1,3})\s+(?:orders?\s+of\s+|servings?\s+of\s+|portions?\s+of\s+|x\s+)?(?:\w+\s+)?$/.exec(
      before,
    );
  return m?.[1] !== undefined ? Number(m[1]) : undefined;
}

function countAfter(text: string, end: number): number | undefined {
  const after = text.slice(end, end + 16);
  const m = /^\s*(?:x\s*|for\s+)(\d{1,3})\b/.exec(after);
  return m?.[1] !== undefined ? Number(m[1]) : undefined;
}

function findItems<C extends string>(
  text: string,
  synonyms: [RegExp, C][],
): Partial<Record<C, number | true>> | undefined {
  const found: Partial<Record<C, number | true>> = {};
  let masked = text;
  let any = false;
  for (const [pattern, code] of synonyms) {
    const m = new RegExp(pattern.source, 'g').exec(masked);
    if (!m) continue;
    any = true;
    const n = countBefore(masked, m.index) ?? countAfter(masked, m.index + m[0].length);
    found[code] = n ?? true;
    // Masking stops "lobster tail" from also matching a later, looser synonym.
    masked =
      masked.slice(0, m.index) + ' '.repeat(m[0].length) + masked.slice(m.index + m[0].length);
  }
  return any ? found : undefined;
}

const ALLERGENS: [RegExp, string][] = [
  [/\bpeanuts?\b/, 'peanut'],
  [/\b(?:tree nuts?|nuts?|nut-free|nut free|almonds?|cashews?|walnuts?)\b/, 'tree nut'],
  [/\b(?:shellfish|crustaceans?)\b/, 'shellfish'],
  [/\bfish allerg/, 'fish'],
  [/\b(?:soy|soya)\b/, 'soy'],
  [/\b(?:gluten|wheat|celiac|coeliac)\b/, 'gluten'],
  [/\b(?:dairy|milk|lactose|butter)\b/, 'dairy'],
  [/\beggs?\b/, 'egg'],
  [/\bsesame\b/, 'sesame'],
];
const DIETS: [RegExp, string][] = [
  [/\bvegetarians?\b/, 'vegetarian'],
  [/\bvegans?\b/, 'vegan'],
  [/\bhalal\b/, 'halal'],
  [/\bkosher\b/, 'kosher'],
  [/\b(?:no pork|pork[- ]free|don't eat pork|doesn't eat pork)\b/, 'no pork'],
  [/\b(?:pescatarians?)\b/, 'pescatarian'],
];

function tagsOf(text: string, table: [RegExp, string][]): string[] | undefined {
  const tags = [...new Set(table.filter(([p]) => p.test(text)).map(([, tag]) => tag))];
  return tags.length > 0 ? tags : undefined;
}

const EMAIL = /\b[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}\b/i;
const PHONE = /(?:\+?1[\s.-]?)?\(?\b(\d{3})\)?[\s.-]?(\d{3})[\s.-]?(\d{4})\b/;
const BOOKING = /\b(?:tp|booking|bk)[\s#-]*(\d{3,7})\b/i;
const ADDRESS =
  /\b\d{1,6}\s+(?:[a-z0-9.'-]+\s+){1,4}(?:st|street|ave|avenue|rd|road|blvd|boulevard|dr|drive|ln|lane|way|ct|court|pl|place|cir|circle|pkwy|parkway|hwy|highway|ter|terrace)\b\.?(?:,?\s+(?:apt|unit|#)\s*\w+)?(?:,\s*[a-z .]+?)?(?:,?\s*ca)?(?:\s+\d{5})?(?=[\s,.!?]|$)/i;

export function extractMoney(text: string): number[] | undefined {
  const out: number[] = [];
  const pattern =
    /\$\s?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?|\b(\d+)(?:\.(\d{2}))?\s?(?:dollars|bucks|usd)\b/gi;
  for (const m of text.matchAll(pattern)) {
    const whole = (m[1] ?? m[3] ?? '0').replace(/,/g, '');
    const frac = (m[2] ?? m[4] ?? '').padEnd(2, '0');
    out.push(Number(whole) * 100 + Number(frac === '' ? '0' : frac));
  }
  return out.length > 0 ? out : undefined;
}

function extractName(text: string): string | undefined {
  const m =
    /\b(?:my name is|my name's|name is|this is|i am|i'm|call me)\s+([A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)\b/.exec(
      text,
    ) ?? /^\s*name\s*[:-]\s*([A-Za-z]+(?:\s+[A-Za-z]+)?)/i.exec(text);
  return m?.[1];
}

/** All entities of one message; `now` anchors relative dates in the station's time zone. */
export function extractEntities(text: string, options: { now: Date; timeZone: string }): Entities {
  const entities: Entities = {};
  const email = EMAIL.exec(text)?.[0];
  if (email) entities.email = email.toLowerCase();
  // Contact details are removed before counting so "555 1234" never becomes a guest count.
  let rest = email ? text.replace(email, ' ') : text;
  const phone = PHONE.exec(rest);
  if (phone) {
    entities.phone = `${phone[1]}${phone[2]}${phone[3]}`;
    rest = rest.replace(phone[0], ' ');
  }
  const booking = BOOKING.exec(rest);
  if (booking?.[1] !== undefined) {
    entities.bookingNumber = `TP-${booking[1]}`;
    rest = rest.replace(booking[0], ' ');
  }
  const address = ADDRESS.exec(rest)?.[0];
  if (address) entities.address = address.trim();
  const zip = /(?<![$\d,.])\b(\d{5})(?:-\d{4})?\b(?!\d|,\d)/.exec(rest);
  if (zip?.[1] !== undefined) entities.zip = zip[1];
  const money = extractMoney(rest);
  if (money) entities.amountsCents = money;
  const percent = /\b(\d{1,3})\s?(?:%|percent)/i.exec(rest);
  if (percent?.[1] !== undefined) entities.percent = Number(percent[1]);

  const withoutAddress = address ? rest.replace(address, ' ') : rest;
  const date = extractDate(withoutAddress, options);
  if (date) entities.date = date;
  const time = extractTime(withoutAddress.replace(/\b\d{1,2}\/\d{1,2}(?:\/\d{2,4})?\b/g, ' '));
  if (time) {
    entities.time = time;
    const slot = resolveSlot({
      requestedTime: time,
      slots: defaultSettings.slots,
      windowMinutes: defaultSettings.requestedTimeWindowMinutes,
    });
    if (slot) entities.slot = slot;
  }
  const counting = withoutAddress
    .replace(/\$\s?[\d,]+(?:\.\d+)?/g, ' ')
    .replace(/\b\d{5}\b/g, ' ')
    .replace(/\b\d{4}-\d{2}-\d{2}\b/g, ' ');
  Object.assign(entities, extractGuests(counting));
  const lower = wordsToDigits(counting.toLowerCase());
  const proteins = findItems(lower, PROTEIN_SYNONYMS);
  if (proteins) entities.proteins = proteins;
  const addons = findItems(lower, ADDON_SYNONYMS);
  if (addons) entities.addons = addons;
  const allergens = tagsOf(lower, ALLERGENS);
  if (allergens) entities.allergens = allergens;
  const diets = tagsOf(lower, DIETS);
  if (diets) entities.diets = diets;
  const name = extractName(text);
  if (name) entities.name = name;
  return entities;
}
