import type { AddonCode, ProteinCode, SlotTime } from '@teppan/core';
import type { Intent } from '../nlu/intents.ts';
import type { Entities } from '../nlu/entities.ts';
import type { GuardrailVerdict } from '../guardrail/guardrail.ts';
import type {
  BookingSummary,
  HoldOutput,
  QuoteToolOutput,
  ToolCall,
} from '../tools/agent-tools.ts';

export const channels = ['web', 'sms', 'email'] as const;
export type Channel = (typeof channels)[number];

export const agentNames = [
  'Distance & Travel Fee',
  'Menu Advisor',
  'Pricing Calculator',
  'Knowledge Base',
  'Conversational',
  'Lead Capture',
  'Availability Checker',
  'Booking Coordinator',
  'Payment Validator',
  'Complaint Handler',
  'Admin Assistant',
  // While staff own a conversation the assistant stays silent; no agent answers.
  'Human',
] as const;
export type AgentName = (typeof agentNames)[number];

export const handoffReasons = [
  'complaint',
  'refund',
  'legal_threat',
  'custom_menu',
  'large_party',
  'indoor_cooking',
  'discount',
  'payment_dispute',
  'short_notice',
  'out_of_radius',
  'explicit_request',
] as const;
export type HandoffReason = (typeof handoffReasons)[number];

export type Flow =
  'quote' | 'book' | 'availability' | 'travel_fee' | 'reschedule' | 'cancel' | 'payment_status';

export type Slots = {
  adults?: number;
  children?: number;
  toddlers?: number;
  zip?: string;
  address?: string;
  date?: string;
  time?: string;
  slot?: SlotTime;
  proteins?: Partial<Record<ProteinCode, number>>;
  addons?: Partial<Record<AddonCode, number>>;
  allergens?: string[];
  diets?: string[];
  name?: string;
  phone?: string;
  email?: string;
  bookingNumber?: string;
};

export type HandoffState = {
  active: boolean;
  reason?: HandoffReason;
  summary?: string;
  /** Escalation decided, waiting for a phone or email before staff take over. */
  pending?: { reason: HandoffReason; intent: Intent; agent: AgentName; asks: number };
};

export type ConversationState = {
  id: string;
  channel: Channel;
  role: 'customer' | 'staff';
  slots: Slots;
  flow: Flow | null;
  lastQuote: QuoteToolOutput | null;
  /** Inputs the last quote was computed from, to tell whether a correction needs a new one. */
  lastQuoteKey: string | null;
  hold: HoldOutput | null;
  booking: BookingSummary | null;
  leadId: string | null;
  handoff: HandoffState;
  /** Every tool call of the conversation: the guardrail's source of truth. */
  toolLog: ToolCall[];
  turns: number;
  history: { role: 'customer' | 'assistant'; text: string }[];
};

export type TurnOutput = {
  reply: { text: string; segments?: string[] };
  intent: Intent;
  confidence: number;
  agent: AgentName;
  entities: Entities;
  toolCalls: ToolCall[];
  handoff: { active: boolean; reason?: HandoffReason; summary?: string };
  guardrail: GuardrailVerdict;
};

export function newConversation(options: {
  id: string;
  channel: Channel;
  role?: 'customer' | 'staff';
}): ConversationState {
  return {
    id: options.id,
    channel: options.channel,
    role: options.role ?? 'customer',
    slots: {},
    flow: null,
    lastQuote: null,
    lastQuoteKey: null,
    hold: null,
    booking: null,
    leadId: null,
    handoff: { active: false },
    toolLog: [],
    turns: 0,
    history: [],
  };
}
