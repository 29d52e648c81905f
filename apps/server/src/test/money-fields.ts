/**
 * What counts as money in a response a chef reads (SPEC §14: "never an amount"). A field is
 * money when one of the words of its name (camelCase, snake_case or kebab-case) is here.
 */
const moneyWords = new Set([
  'amount',
  'amounts',
  'balance',
  'balances',
  'cents',
  'cost',
  'costs',
  'deposit',
  'deposits',
  'dollars',
  'fee',
  'fees',
  'gratuity',
  'money',
  'paid',
  'pay',
  'payee',
  'payment',
  'payments',
  'payout',
  'price',
  'prices',
  'pricing',
  'quote',
  'quotes',
  'refund',
  'refunds',
  'revenue',
  'subtotal',
  'tax',
  'tip',
  'tips',
  'total',
  'totals',
  'usd',
]);

export function wordsOf(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word.toLowerCase());
}

export function isMoneyField(name: string): boolean {
  return wordsOf(name).some((word) => moneyWords.has(word));
}

/** Every money-named key anywhere in a parsed JSON value, as paths. */
export function moneyFieldsIn(value: unknown, path = '$'): string[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => moneyFieldsIn(item, `${path}[${i}]`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, inner]) => [
    ...(isMoneyField(key) ? [`${path}.${key}`] : []),
    ...moneyFieldsIn(inner, `${path}.${key}`),
  ]);
}

/** A dollar amount written out in text ("Pay $100.00 by Zelle…"). */
export const DOLLAR_AMOUNT = /\$\s?\d/;

/**
 * Money-named properties anywhere in a JSON Schema (a response view), and places where the
 * schema lets any value through (`{}`), which could carry an amount nobody declared.
 */
export function moneyInSchema(schema: unknown, path = '#'): string[] {
  if (Array.isArray(schema)) return schema.flatMap((s, i) => moneyInSchema(s, `${path}/${i}`));
  if (schema === null || typeof schema !== 'object') return [];
  const node = schema as Record<string, unknown>;
  const found: string[] = [];
  const keys = Object.keys(node).filter((key) => key !== '$schema');
  if (keys.length === 0) found.push(`${path}: any value`);
  for (const [key, inner] of Object.entries(node)) {
    if (key === 'properties' && inner && typeof inner === 'object') {
      for (const [name, property] of Object.entries(inner)) {
        if (isMoneyField(name)) found.push(`${path}/properties/${name}`);
        found.push(...moneyInSchema(property, `${path}/properties/${name}`));
      }
    } else if (key === 'additionalProperties' && inner === true) {
      found.push(`${path}: open object`);
    } else if (typeof inner === 'object') found.push(...moneyInSchema(inner, `${path}/${key}`));
  }
  return found;
}
