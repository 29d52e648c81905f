import type { EvalTurn } from '../conversation-schema.ts';
import type { EvalSetBuilder } from './eval-set-builder.ts';
import { turn } from './eval-set-builder.ts';
import { facts, IN_AREA } from './fixtures.ts';

const KB: [string, string, 'Menu Advisor' | 'Knowledge Base' | 'Payment Validator', string][] = [
  ['Which meats can guests pick from?', 'menu', 'Menu Advisor', 'NY Strip'],
  ['How much more is lobster tail?', 'menu', 'Menu Advisor', '$15'],
  ['what extras can we order', 'menu', 'Menu Advisor', 'gyoza'],
  ['does dinner come with fried rice and salad', 'menu', 'Menu Advisor', 'fried rice'],
  [
    'My brother has a severe nut allergy, is that a problem?',
    'dietary_allergens',
    'Menu Advisor',
    'shared',
  ],
  ['can you make it gluten free for my mom', 'dietary_allergens', 'Menu Advisor', 'gluten-free'],
  ['How far in advance do I need to book?', 'policy', 'Knowledge Base', '48 hours'],
  ["what's the deal if we cancel last minute", 'policy', 'Knowledge Base', '4 days'],
  ['Until when can we change how many people come?', 'policy', 'Knowledge Base', '24 hours'],
  ['is there a minimum we have to spend', 'policy', 'Knowledge Base', '$550'],
  ['What should we have ready for the chef?', 'logistics', 'Knowledge Base', 'tables'],
  ['how long will the whole thing take', 'logistics', 'Knowledge Base', 'minutes'],
  ['Does the chef bring the propane and grill?', 'logistics', 'Knowledge Base', 'propane'],
  ['Which payment apps do you take?', 'how_to_pay', 'Payment Validator', 'Zelle'],
  ['How big is the deposit?', 'how_to_pay', 'Payment Validator', '$100'],
];

/** Travel fees by ZIP, open dates, and answers from the knowledge documents. */
export function addInformationConversations(b: EvalSetBuilder): void {
  // 6. Travel fee by ZIP.
  for (let i = 0; i < 10; i += 1) {
    const zip = b.pick(IN_AREA);
    const p = { adults: 20, children: 0, toddlers: 0, text: '' };
    const fee = facts(p, zip)[2] ?? '';
    b.add('travel', [
      turn(
        b.pick([
          `Is there a charge to drive out to ${zip}?`,
          `travel cost for ${zip}?`,
          `how much extra to come to ${zip}`,
          `What's the mileage fee to ${zip}`,
        ]),
        {
          intent: 'travel_fee',
          agent: 'Distance & Travel Fee',
          tools: ['travelFee'],
          facts: [fee],
        },
      ),
    ]);
  }

  // 7. Availability.
  for (let i = 0; i < 10; i += 1) {
    const [text, iso] = b.pick([
      ['June 27th', '2026-06-27'],
      ['7/18', '2026-07-18'],
      ['August 8', '2026-08-08'],
      ['next Saturday', '2026-06-13'],
      ['2026-09-05', '2026-09-05'],
    ] as const);
    b.add('availability', [
      turn(
        b.pick([
          `Do you have anything open on ${text}?`,
          `is ${text} still free`,
          `any openings ${text}?`,
          `Can I get a chef on ${text}?`,
        ]),
        {
          intent: 'availability',
          agent: 'Availability Checker',
          tools: ['availability'],
          facts: [iso.slice(0, 4)],
        },
      ),
    ]);
  }

  // 8. Knowledge answers.
  for (const [text, intent, agent, fact] of KB) {
    for (const channel of ['web', 'sms'] as const) {
      b.add(
        'knowledge',
        [
          turn(text, {
            intent: intent as EvalTurn['expect']['intent'],
            agent,
            tools: ['searchKnowledge'],
            facts: [fact],
          }),
        ],
        { channel },
      );
    }
  }
}
