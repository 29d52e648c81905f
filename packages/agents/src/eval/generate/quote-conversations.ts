import type { EvalSetBuilder } from './eval-set-builder.ts';
import { turn } from './eval-set-builder.ts';
import { facts, IN_AREA, party } from './fixtures.ts';

export const QUOTE_FORMS = [
  (g: string, z: string) =>
    `We're thinking ${g} for a backyard hibachi night in ${z}, what would that run?`,
  (g: string, z: string) => `Could you figure out the cost for ${g} at ${z}?`,
  (g: string, z: string) => `${g} in ${z}. How much all in?`,
  (g: string, z: string) => `Need numbers for ${g}, we're at ${z}`,
  (g: string, z: string) => `what's the price tag for ${g} near ${z}`,
  (g: string, z: string) => `Planning a graduation party: ${g}, ZIP ${z}. Cost?`,
  (g: string, z: string) => `hi, how much would you charge for ${g}? zip is ${z}`,
  (g: string, z: string) => `Can you quote ${g} for a birthday at ${z}?`,
];

const OPENERS = [
  'How much do your parties cost?',
  'Can I get a price for a hibachi dinner?',
  'what would a party at my place cost',
  'I need pricing for an event',
];

/** Quotes: complete in one message, with add-ons, filled across turns, and corrected. */
export function addQuoteConversations(b: EvalSetBuilder): void {
  // 1. Complete quotes in one message.
  for (let i = 0; i < 32; i += 1) {
    const p = party(b);
    const zip = b.pick(IN_AREA);
    b.add('quote', [
      turn(b.pick(QUOTE_FORMS)(p.text, zip), {
        intent: 'quote',
        agent: 'Pricing Calculator',
        tools: ['quote'],
        facts: facts(p, zip),
      }),
    ]);
  }

  // 2. Quotes with add-ons.
  for (let i = 0; i < 8; i += 1) {
    const p = party(b);
    const zip = b.pick(IN_AREA);
    const n = b.int(2, 10);
    const addon = b.pick(['yakisoba', 'gyoza', 'edamame'] as const);
    const word = {
      yakisoba: 'orders of yakisoba',
      gyoza: 'orders of gyoza',
      edamame: 'orders of edamame',
    }[addon];
    b.add('quote-addons', [
      turn(`What's the cost for ${p.text} in ${zip} with ${n} ${word}?`, {
        intent: 'quote',
        agent: 'Pricing Calculator',
        tools: ['quote'],
        facts: facts(p, zip, { [addon]: n }),
      }),
    ]);
  }

  // 3. Slot filling across turns.
  for (let i = 0; i < 20; i += 1) {
    const p = party(b);
    const zip = b.pick(IN_AREA);
    b.add('quote-slots', [
      turn(b.pick(OPENERS), { intent: 'quote', agent: 'Pricing Calculator' }),
      turn(`${p.text}`, { intent: 'quote', agent: 'Pricing Calculator' }),
      turn(b.pick([`${zip}`, `the zip is ${zip}`, `we're in ${zip}`]), {
        intent: 'quote',
        agent: 'Pricing Calculator',
        tools: ['quote'],
        facts: facts(p, zip),
      }),
    ]);
  }

  // 4. Corrections.
  for (let i = 0; i < 15; i += 1) {
    const p = party(b);
    const zip = b.pick(IN_AREA);
    const newAdults = p.adults + b.int(1, 5);
    const corrected = { ...p, adults: newAdults };
    b.add('quote-correction', [
      turn(b.pick(QUOTE_FORMS)(p.text, zip), {
        intent: 'quote',
        agent: 'Pricing Calculator',
        tools: ['quote'],
        facts: facts(p, zip),
      }),
      turn(
        b.pick([
          `actually make it ${newAdults} adults`,
          `sorry, it'll be ${newAdults} adults`,
          `change that to ${newAdults} adults please`,
        ]),
        {
          intent: 'quote',
          agent: 'Pricing Calculator',
          tools: ['quote'],
          facts: facts(corrected, zip),
        },
      ),
    ]);
  }
}
