import type { Intent } from '../nlu/intents.ts';
import type { HandoffReason } from './types.ts';

const PATTERNS: [RegExp, HandoffReason][] = [
  [
    /\b(lawyer|attorney|sue|suing|lawsuit|legal action|small claims|court|better business bureau|bbb)\b/i,
    'legal_threat',
  ],
  [
    /\b(charged twice|double[- ]charged|chargeback|charge ?back|dispute|disputing|unauthori[sz]ed charge|wrong amount|overcharged|charged me (?:more|extra))\b/i,
    'payment_dispute',
  ],
  [
    /\b(discount|coupon|promo(?:tion)? code|promo|% off|percent off|price match|cheaper price|lower price|give me a deal|special deal|for free|free of charge|comp(?:ed)? (?:the|our|my))\b|\d+\s?%\s*off\b/i,
    'discount',
  ],
  [
    /\b(custom menu|special menu|customi[sz]ed? (?:the )?menu|off[- ]menu|bring (?:my|our) own (?:meat|food|fish|protein)|different menu|menu that isn'?t|sushi station|wagyu|whole fish|tasting menu)\b/i,
    'custom_menu',
  ],
  [
    /\b(indoors?|inside (?:my|our|the) (?:house|home|apartment|condo|kitchen|living room|dining room|office|building)|in (?:my|our|the) (?:kitchen|living room|dining room|apartment)|indoor)\b/i,
    'indoor_cooking',
  ],
];

/** Words that override a classifier's "logistics" guess: "can you cook outdoors" is fine. */
const OUTDOOR_ONLY = /\b(outdoors?|outside|backyard|patio|garden)\b/i;

const INTENT_REASONS: Partial<Record<Intent, HandoffReason>> = {
  complaint: 'complaint',
  refund: 'refund',
  human: 'explicit_request',
};

/**
 * Spec §6 escalations that can be read from the message itself. Reasons that need a tool
 * result (beyond the radius) or slots (50+ guests, under 48 hours) are decided by the agents.
 */
export function escalationFromMessage(options: {
  text: string;
  intent: Intent;
}): HandoffReason | null {
  for (const [pattern, reason] of PATTERNS) {
    if (!pattern.test(options.text)) continue;
    if (
      reason === 'indoor_cooking' &&
      OUTDOOR_ONLY.test(options.text) &&
      !/\bindoors?\b/i.test(options.text)
    ) {
      continue;
    }
    return reason;
  }
  return INTENT_REASONS[options.intent] ?? null;
}

const INJECTION =
  /\b(ignore (?:all |any |your |the |previous |prior )*(?:rules|instructions|prompts?|guidelines)|disregard (?:your|the|all) (?:rules|instructions)|you are now|act as|pretend (?:to be|you are)|system prompt|developer mode|jailbreak|new instructions|override (?:the )?(?:rules|price|pricing))\b/i;

/** Prompt-injection attempts are answered politely and never change prices or state. */
export function isInjectionAttempt(text: string): boolean {
  return INJECTION.test(text);
}

export function handoffAgentFor(reason: HandoffReason): 'Complaint Handler' | 'Lead Capture' {
  switch (reason) {
    case 'complaint':
    case 'refund':
    case 'legal_threat':
    case 'payment_dispute':
      return 'Complaint Handler';
    case 'custom_menu':
    case 'large_party':
    case 'indoor_cooking':
    case 'discount':
    case 'short_notice':
    case 'out_of_radius':
    case 'explicit_request':
      return 'Lead Capture';
  }
}

export const handoffOpeners: Record<HandoffReason, string> = {
  complaint: "I'm really sorry about this. I want our team to look into it personally.",
  refund: 'I understand. Refunds are handled by our team, so I will pass this to them.',
  legal_threat: 'I understand this is serious. I am passing it straight to our management team.',
  custom_menu: 'A custom menu is something our team plans with you directly.',
  large_party: 'For a party that size our team plans the event with you, with more than one chef.',
  indoor_cooking: 'Indoor cooking needs our team to check the space for safety first.',
  discount: "I can't change prices myself, but I can ask our team to look at your request.",
  payment_dispute:
    "I'm sorry about the payment trouble. Our team will go through the charges with you.",
  short_notice:
    'That is sooner than we can book online, but our team will check whether a chef is free.',
  out_of_radius:
    'That venue is beyond our usual service area, so our team will look at it with you.',
  explicit_request: 'Of course, I will connect you with a member of our team.',
};
