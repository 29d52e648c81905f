import type { FieldCrypto } from './field-crypto.ts';

/**
 * Customer contact details at rest (docs/decisions/0016-pii-encryption.md): every email and
 * phone column below holds FieldCrypto ciphertext, and exact lookups go through a blind
 * index, the keyed hash of the normalised value. One normalisation per kind, used by every
 * writer and every lookup, so the same person always yields the same index.
 */

export type ContactKind = 'email' | 'phone';

export const normalizeEmail = (value: string): string => value.trim().toLowerCase();

/**
 * Digits only; a North American number loses its country code, so "+1 (510) 555-0142",
 * "510.555.0142" and "15105550142" are one number. Other numbers keep all their digits.
 */
export function normalizePhone(value: string): string {
  const digits = value.replace(/\D/g, '');
  return digits.length === 11 && digits.startsWith('1') ? digits.slice(1) : digits;
}

/** The blind index of a contact; null when nothing is left after normalising. */
export function contactIndex(crypto: FieldCrypto, kind: ContactKind, value: string): string | null {
  const normalized = kind === 'email' ? normalizeEmail(value) : normalizePhone(value);
  return normalized ? crypto.keyedHash(kind, normalized) : null;
}

/** A column of ours that holds FieldCrypto ciphertext. */
export interface EncryptedColumn {
  /** `schema.table` */
  table: string;
  /** Primary key, for keyset batches. */
  key: { column: string; type: 'uuid' | 'bigint' | 'text' };
  column: string;
  /** The blind index beside it; kind 'channel': email or phone by the row's `channel`. */
  index: { column: string; kind: ContactKind | 'channel' } | null;
  /** The NOT VALID check of migration 0024 that the backfill validates. */
  check: string | null;
}

/** The additional authenticated data of a column's values: the column's full name. */
export const contextOf = (column: Pick<EncryptedColumn, 'table' | 'column'>): string =>
  `${column.table}.${column.column}`;

const uuidKey = { column: 'id', type: 'uuid' } as const;
const bigintKey = { column: 'id', type: 'bigint' } as const;

/** Every column holding a customer's (or a recipient's) email or phone. */
export const PII_COLUMNS: readonly EncryptedColumn[] = [
  {
    table: 'core.customers',
    key: uuidKey,
    column: 'email',
    index: { column: 'email_index', kind: 'email' },
    check: 'customers_email_encrypted',
  },
  {
    table: 'core.customers',
    key: uuidKey,
    column: 'phone',
    index: { column: 'phone_index', kind: 'phone' },
    check: 'customers_phone_encrypted',
  },
  {
    table: 'crm.leads',
    key: uuidKey,
    column: 'email',
    index: { column: 'email_index', kind: 'email' },
    check: 'leads_email_encrypted',
  },
  {
    table: 'crm.leads',
    key: uuidKey,
    column: 'phone',
    index: { column: 'phone_index', kind: 'phone' },
    check: 'leads_phone_encrypted',
  },
  {
    table: 'ai.conversations',
    key: uuidKey,
    column: 'phone',
    index: { column: 'phone_index', kind: 'phone' },
    check: 'conversations_phone_encrypted',
  },
  {
    table: 'ai.sms_inbound',
    key: { column: 'message_id', type: 'text' },
    column: 'from_phone',
    index: null,
    check: 'sms_inbound_from_phone_encrypted',
  },
  {
    table: 'marketing.consents',
    key: bigintKey,
    column: 'email',
    index: { column: 'email_index', kind: 'email' },
    check: 'consents_email_encrypted',
  },
  {
    table: 'marketing.consents',
    key: bigintKey,
    column: 'phone',
    index: { column: 'phone_index', kind: 'phone' },
    check: 'consents_phone_encrypted',
  },
  {
    table: 'marketing.outbox',
    key: bigintKey,
    column: 'recipient',
    index: { column: 'recipient_index', kind: 'channel' },
    check: 'outbox_recipient_encrypted',
  },
];

/** The original of an outbox message that carries a secret, until it is sent or expires. */
export const OUTBOX_SEALED_COLUMN: EncryptedColumn = {
  table: 'marketing.outbox',
  key: bigintKey,
  column: 'sealed',
  index: null,
  check: null,
};

/**
 * Everything `npm run db:reencrypt` rewrites under the first key of the ring. A new
 * encrypted column joins this list (and, holding old plaintext, the backfill).
 */
export const ENCRYPTED_COLUMNS: readonly EncryptedColumn[] = [...PII_COLUMNS, OUTBOX_SEALED_COLUMN];

/** The kind of index a row of this column gets (outbox recipients: by channel). */
export function indexKindOf(
  index: NonNullable<EncryptedColumn['index']>,
  channel: string | null | undefined,
): ContactKind {
  if (index.kind !== 'channel') return index.kind;
  return channel === 'email' ? 'email' : 'phone';
}

/** The AAD of each contact column, for repositories (same strings as contextOf). */
export const PII_CONTEXT = {
  customerEmail: 'core.customers.email',
  customerPhone: 'core.customers.phone',
  leadEmail: 'crm.leads.email',
  leadPhone: 'crm.leads.phone',
  conversationPhone: 'ai.conversations.phone',
  smsInboundFromPhone: 'ai.sms_inbound.from_phone',
  consentEmail: 'marketing.consents.email',
  consentPhone: 'marketing.consents.phone',
  outboxRecipient: 'marketing.outbox.recipient',
} as const;

/**
 * What a staff search box can find now that contacts are encrypted (ADR 0016): a full
 * email (blind index), a full phone number (blind index), or else any part of a name
 * (trigram index). One of them per query: an email or a number is no name, and leaving the
 * name out keeps an exact search a single index read.
 */
export function staffSearchOf(
  crypto: FieldCrypto,
  query: string,
): { like: string | null; emailIndex: string | null; phoneIndex: string | null } {
  const q = query.trim();
  const emailIndex = q.includes('@') ? contactIndex(crypto, 'email', q) : null;
  const isPhone = /^[\d\s().+-]+$/.test(q) && normalizePhone(q).length >= 10;
  const phoneIndex = isPhone ? contactIndex(crypto, 'phone', q) : null;
  return {
    like: emailIndex || phoneIndex ? null : `%${q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`,
    emailIndex,
    phoneIndex,
  };
}

/**
 * What an activity entry or audit record keeps of a contact that changed: enough to tell
 * which one it was, not the address itself ("k•••@example.com", "•••0142").
 */
export function maskContact(kind: ContactKind, value: string | null | undefined): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (kind === 'email') {
    const at = value.lastIndexOf('@');
    return at > 0 ? `${value.slice(0, 1)}•••${value.slice(at)}` : '•••';
  }
  const digits = normalizePhone(value);
  return `•••${digits.slice(-4)}`;
}
