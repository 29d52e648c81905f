import { utcToZoned } from '@teppan/core';

export const factKinds = ['money', 'number', 'date', 'time', 'id'] as const;
export type FactKind = (typeof factKinds)[number];
export type Fact = { kind: FactKind; value: string; raw: string };

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH_ALT =
  'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?';

function pad(n: number): string {
  return n.toString().padStart(2, '0');
}

function normalizeNumber(raw: string): string {
  return String(Number(raw.replace(/,/g, '')));
}

type Rule = { pattern: RegExp; toFacts: (m: RegExpMatchArray) => Fact[] };

function monthDay(month: number, day: number, year?: string): string {
  return year !== undefined ? `${year}-${pad(month)}-${pad(day)}` : `--${pad(month)}-${pad(day)}`;
}

/**
 * Rules run in order and blank out what they match, so "$1,234.56" is one amount, not the
 * numbers 1, 234 and 56, and "TP-1042" is an identifier rather than the number 1042.
 */
const RULES: Rule[] = [
  {
    pattern: /https?:\/\/[^\s)]+[^\s).,!?]/gi,
    toFacts: (m) => [{ kind: 'id', value: m[0], raw: m[0] }],
  },
  // Contact details the customer typed are not figures the assistant could invent.
  { pattern: /\b[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}\b/gi, toFacts: () => [] },
  { pattern: /(?:\+?1[\s.-]?)?\(?\b\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}\b/g, toFacts: () => [] },
  {
    pattern: /\b(?:TP|Q)-\d+\b|\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi,
    toFacts: (m) => [{ kind: 'id', value: m[0].toUpperCase(), raw: m[0] }],
  },
  {
    pattern: /\b(\d{4})-(\d{2})-(\d{2})(?:T[\d:.]+(?:Z|[+-]\d{2}:\d{2})?)?\b/g,
    toFacts: (m) => [{ kind: 'date', value: `${m[1]}-${m[2]}-${m[3]}`, raw: m[0] }],
  },
  {
    pattern: new RegExp(
      `\\b(${MONTH_ALT})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b(?:,?\\s+(\\d{4})\\b)?`,
      'gi',
    ),
    toFacts: (m) => [
      {
        kind: 'date',
        value: monthDay(
          MONTHS.indexOf((m[1] ?? '').toLowerCase().slice(0, 3)) + 1,
          Number(m[2]),
          m[3],
        ),
        raw: m[0],
      },
    ],
  },
  {
    pattern: /\b(\d{1,2})\/(\d{1,2})(?:\/(\d{4}))?\b/g,
    toFacts: (m) => [
      { kind: 'date', value: monthDay(Number(m[1]), Number(m[2]), m[3]), raw: m[0] },
    ],
  },
  {
    pattern: /\b(\d{1,2})(?::(\d{2}))?\s*([ap])\.?m\.?(?![a-z])/gi,
    toFacts: (m) => {
      let hour = Number(m[1]) % 12;
      if ((m[3] ?? '').toLowerCase() === 'p') hour += 12;
      return [{ kind: 'time', value: `${pad(hour)}:${m[2] ?? '00'}`, raw: m[0] }];
    },
  },
  {
    pattern: /\b([01]?\d|2[0-3]):([0-5]\d)\b/g,
    toFacts: (m) => [{ kind: 'time', value: `${pad(Number(m[1]))}:${m[2]}`, raw: m[0] }],
  },
  {
    pattern: /-?\$\s?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?/g,
    toFacts: (m) => {
      const cents =
        Number((m[1] ?? '0').replace(/,/g, '')) * 100 + Number((m[2] ?? '0').padEnd(2, '0'));
      return [{ kind: 'money', value: String(cents), raw: m[0] }];
    },
  },
  {
    pattern: /\b\d{1,3}(?:,\d{3})+(?:\.\d+)?\b|\b\d+(?:\.\d+)?\b/g,
    toFacts: (m) => [{ kind: 'number', value: normalizeNumber(m[0]), raw: m[0] }],
  },
];

/** Every amount, date, time, identifier and bare number in a text, normalised. */
export function extractFacts(text: string): Fact[] {
  let rest = text;
  const facts: Fact[] = [];
  for (const rule of RULES) {
    let blanked = '';
    let last = 0;
    for (const m of rest.matchAll(new RegExp(rule.pattern.source, rule.pattern.flags))) {
      facts.push(...rule.toFacts(m));
      blanked += rest.slice(last, m.index) + ' '.repeat(m[0].length);
      last = m.index + m[0].length;
    }
    rest = blanked + rest.slice(last);
  }
  return facts;
}

export type FactLedger = {
  money: Set<string>;
  numbers: Set<string>;
  dates: Set<string>;
  times: Set<string>;
  ids: Set<string>;
};

export function emptyLedger(): FactLedger {
  return {
    money: new Set(),
    numbers: new Set(),
    dates: new Set(),
    times: new Set(),
    ids: new Set(),
  };
}

function addFact(ledger: FactLedger, fact: Fact, options: { allowMoney: boolean }): void {
  switch (fact.kind) {
    case 'money':
      if (options.allowMoney) ledger.money.add(fact.value);
      break;
    case 'number':
      ledger.numbers.add(fact.value);
      break;
    case 'date':
      ledger.dates.add(fact.value);
      if (/^\d{4}/.test(fact.value)) ledger.dates.add(`--${fact.value.slice(5)}`);
      break;
    case 'time':
      ledger.times.add(fact.value);
      break;
    case 'id':
      ledger.ids.add(fact.value);
      break;
  }
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/;

/**
 * Adds what a tool call establishes. Amounts only count from outputs: an amount in an input
 * came from the customer and is not yet a fact. Instants are added as the station's local
 * date and time, which is how replies show them.
 */
export function recordToolValue(
  ledger: FactLedger,
  value: unknown,
  options: { key?: string; isOutput: boolean; timeZone: string },
): void {
  if (typeof value === 'number') {
    if (options.key?.endsWith('Cents')) {
      if (options.isOutput) ledger.money.add(String(value));
    } else {
      ledger.numbers.add(String(value));
    }
    return;
  }
  if (typeof value === 'string') {
    if (ISO_INSTANT.test(value)) {
      const local = utcToZoned({ instant: new Date(value), timeZone: options.timeZone });
      addFact(ledger, { kind: 'date', value: local.date, raw: value }, { allowMoney: false });
      ledger.times.add(local.time);
      return;
    }
    for (const fact of extractFacts(value)) addFact(ledger, fact, { allowMoney: options.isOutput });
    return;
  }
  if (Array.isArray(value)) {
    for (const item of value) recordToolValue(ledger, item, { ...options, key: undefined });
    return;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      recordToolValue(ledger, item, { ...options, key });
    }
  }
}
