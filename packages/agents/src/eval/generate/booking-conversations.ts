import type { EvalSetBuilder } from './eval-set-builder.ts';
import { turn } from './eval-set-builder.ts';
import { facts, IN_AREA, party } from './fixtures.ts';

const DATES: [string, string, string][] = [
  ['next Saturday evening', '2026-06-13', '18:00'],
  ['June 27th at 6pm', '2026-06-27', '18:00'],
  ['7/18 for lunch', '2026-07-18', '12:00'],
  ['2026-08-01 at 9pm', '2026-08-01', '21:00'],
  ['Sunday June 21 in the afternoon', '2026-06-21', '15:00'],
];
const NAMES = [
  ['Maria Lopez', 'maria.lopez@example.com', '408-555-0101'],
  ['Tom Nguyen', 'tom.n@example.com', '(510) 555-0112'],
  ['Priya Shah', 'priya@example.org', '650 555 0199'],
  ['Jake Miller', 'jmiller@example.net', '925-555-0150'],
];

/** 5. Quote, then book with a hold. */
export function addBookingConversations(b: EvalSetBuilder): void {
  for (let i = 0; i < 16; i += 1) {
    const p = party(b);
    const zip = b.pick(IN_AREA.slice(0, 12));
    const [dateText] = b.pick(DATES);
    const [name, email, phone] = b.pick(NAMES) as [string, string, string];
    const f = facts(p, zip);
    b.add('book', [
      turn(`Price for ${p.text} in ${zip} on ${dateText}?`, {
        intent: 'quote',
        agent: 'Pricing Calculator',
        tools: ['quote', 'availability'],
        facts: [f[0] ?? ''],
      }),
      turn(b.pick(["Great, let's book it", 'Please reserve that for us', 'yes, hold it please']), {
        intent: 'book',
        agent: 'Booking Coordinator',
      }),
      turn(`${name}, ${email}, ${phone}`, {
        intent: 'book',
        agent: 'Booking Coordinator',
        tools: ['availability', 'placeHold'],
        facts: ['$100.00', 'https://teppan.example/checkout/'],
      }),
    ]);
  }
}

/** 10. Booking lookups: cancel, reschedule and payment status, identity checked first. */
export function addBookingLookupConversations(b: EvalSetBuilder): void {
  for (const [text, intent, tools, fact] of [
    [
      'We need to cancel booking TP-1042, my phone is 408-555-1234',
      'cancel',
      ['findBooking', 'cancellationTerms'],
      'refunded',
    ],
    [
      'Please cancel TP-1101. Email ben@example.com',
      'cancel',
      ['findBooking', 'cancellationTerms'],
      'not refundable',
    ],
    [
      'Can I move TP-1042 to another date? ana@example.com',
      'reschedule',
      ['findBooking', 'rescheduleTerms'],
      'free',
    ],
    [
      'Did the deposit for TP-1042 arrive? My phone is 408-555-1234',
      'payment_status',
      ['findBooking', 'paymentStatus'],
      '$100.00',
    ],
    [
      'What is left to pay on TP-1200? chloe@example.com',
      'payment_status',
      ['findBooking', 'paymentStatus'],
      'balance due',
    ],
  ] as const) {
    for (let k = 0; k < 2; k += 1) {
      b.add('booking-lookup', [
        turn(text, {
          intent,
          agent: intent === 'payment_status' ? 'Payment Validator' : 'Booking Coordinator',
          tools: [...tools],
          facts: [fact],
        }),
      ]);
    }
  }
  for (let i = 0; i < 5; i += 1) {
    b.add('booking-lookup', [
      turn(
        b.pick([
          'I have to cancel our party',
          'how do I call off my event',
          'we need to cancel the dinner',
        ]),
        { intent: 'cancel', agent: 'Booking Coordinator' },
      ),
      turn('It is TP-1200 and my email is chloe@example.com', {
        intent: 'cancel',
        agent: 'Booking Coordinator',
        tools: ['findBooking', 'cancellationTerms'],
        facts: ['refunded'],
      }),
    ]);
  }
  b.add('booking-lookup', [
    turn('has my payment come in for TP-1042? my email is wrong@example.com', {
      intent: 'payment_status',
      agent: 'Payment Validator',
      tools: ['findBooking'],
      facts: ["couldn't match"],
    }),
  ]);
}
