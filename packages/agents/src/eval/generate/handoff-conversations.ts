import type { EvalTurn } from '../conversation-schema.ts';
import type { EvalSetBuilder, Expect } from './eval-set-builder.ts';
import { turn } from './eval-set-builder.ts';
import { CONTACTS, IN_AREA, OUT_OF_AREA } from './fixtures.ts';

const HANDOFFS: [
  string,
  EvalTurn['expect']['intent'],
  NonNullable<Expect['handoff']>,
  'Complaint Handler' | 'Lead Capture',
][] = [
  [
    'Our chef showed up an hour late and the steak was overcooked.',
    'complaint',
    'complaint',
    'Complaint Handler',
  ],
  [
    'Honestly the party last weekend was a letdown, the chef barely talked.',
    'complaint',
    'complaint',
    'Complaint Handler',
  ],
  ['I want my deposit returned to my card', 'refund', 'refund', 'Complaint Handler'],
  ['can I get reimbursed for the missing shrimp', 'refund', 'refund', 'Complaint Handler'],
  ['If this is not fixed I will talk to my lawyer', undefined, 'legal_threat', 'Complaint Handler'],
  ['I was charged twice for the deposit', undefined, 'payment_dispute', 'Complaint Handler'],
  ['Any chance of a discount for a repeat customer?', undefined, 'discount', 'Lead Capture'],
  ['Do you have a promo code?', undefined, 'discount', 'Lead Capture'],
  [
    'Could the chef set up indoors in our dining room?',
    undefined,
    'indoor_cooking',
    'Lead Capture',
  ],
  [
    'We want a custom menu with wagyu and a sushi station',
    undefined,
    'custom_menu',
    'Lead Capture',
  ],
  ['Please have a real person get in touch with me', 'human', 'explicit_request', 'Lead Capture'],
  [
    'I would like to speak with someone from your team',
    'human',
    'explicit_request',
    'Lead Capture',
  ],
];

/** 9. Handoffs: trigger, contact, then silence; and the rules that need slots or tools. */
export function addHandoffConversations(b: EvalSetBuilder): void {
  for (const [text, intent, reason, agent] of HANDOFFS) {
    for (let k = 0; k < 2; k += 1) {
      b.add('handoff', [
        turn(text, { ...(intent ? { intent } : {}), agent }),
        turn(b.pick(CONTACTS), { agent, tools: ['upsertLead'], handoff: reason }),
        turn('hello? anyone there?', { agent: 'Human', silent: true }),
      ]);
    }
  }
  // Contact given up front: hand off in the same turn.
  for (const [text, reason, agent] of [
    ['The chef was rude to my guests. Reach me at 408-555-0188.', 'complaint', 'Complaint Handler'],
    ['I need a refund, my email is kim@example.com', 'refund', 'Complaint Handler'],
    ['Connect me with a person please, 510-555-0144', 'explicit_request', 'Lead Capture'],
  ] as const) {
    b.add('handoff', [turn(text, { agent, tools: ['upsertLead'], handoff: reason })]);
  }
  // Rules that need slots or tools.
  for (let i = 0; i < 4; i += 1) {
    const zip = b.pick(IN_AREA);
    b.add('handoff-large', [
      turn(`How much for ${b.int(50, 90)} adults in ${zip}?`, {
        intent: 'quote',
        agent: 'Lead Capture',
      }),
      turn(b.pick(CONTACTS), {
        agent: 'Lead Capture',
        tools: ['upsertLead'],
        handoff: 'large_party',
      }),
    ]);
  }
  for (let i = 0; i < 4; i += 1) {
    const zip = b.pick(OUT_OF_AREA);
    b.add('handoff-radius', [
      turn(`Price for 20 adults in ${zip}?`, {
        intent: 'quote',
        agent: 'Lead Capture',
        tools: ['quote'],
      }),
      turn(b.pick(CONTACTS), {
        agent: 'Lead Capture',
        tools: ['upsertLead'],
        handoff: 'out_of_radius',
      }),
    ]);
  }
  for (let i = 0; i < 4; i += 1) {
    b.add('handoff-notice', [
      turn(
        b.pick([
          'Can you do 12 adults in 95112 tomorrow evening?',
          'Are you free tomorrow night?',
          'any chance for a party today at 6pm?',
          'Do you have a chef tomorrow for lunch?',
        ]),
        {
          agent: 'Lead Capture',
        },
      ),
      turn(b.pick(CONTACTS), {
        agent: 'Lead Capture',
        tools: ['upsertLead'],
        handoff: 'short_notice',
      }),
    ]);
  }
}
