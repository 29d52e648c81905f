// Writes data/eval/conversations.json: `tsx packages/agents/src/eval/generate-conversations.ts`.
// Deterministic (seeded); expected amounts come from @teppan/core directly, not from the
// tools under test, and the phrasing is written apart from data/intents.json.
import { writeFileSync } from 'node:fs';
import {
  addBookingConversations,
  addBookingLookupConversations,
} from './generate/booking-conversations.ts';
import {
  addInjectionConversations,
  addSmallTalkConversations,
  addStaffConversations,
} from './generate/conversational-conversations.ts';
import { EvalSetBuilder } from './generate/eval-set-builder.ts';
import { addHandoffConversations } from './generate/handoff-conversations.ts';
import { addInformationConversations } from './generate/information-conversations.ts';
import { addQuoteConversations } from './generate/quote-conversations.ts';

// Wednesday 10:00 in Fremont.
const builder = new EvalSetBuilder({ seed: 20260610, now: '2026-06-10T17:00:00.000Z' });
// The order is part of the frozen set: each section draws from the same seeded sequence.
addQuoteConversations(builder); // 1-4
addBookingConversations(builder); // 5
addInformationConversations(builder); // 6-8
addHandoffConversations(builder); // 9
addBookingLookupConversations(builder); // 10
addSmallTalkConversations(builder); // 11
addInjectionConversations(builder); // 12
addStaffConversations(builder); // 13

writeFileSync(
  new URL('../../data/eval/conversations.json', import.meta.url),
  `${JSON.stringify(builder.conversations, null, 2)}\n`,
);
console.log(`wrote ${builder.conversations.length} conversations`);
