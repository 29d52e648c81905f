import type { FieldCrypto } from './field-crypto.ts';
import { contextOf, OUTBOX_SEALED_COLUMN } from './pii.ts';

/**
 * Secrets in outbox messages (reset, invitation and manage-booking links; ADR 0016): the row
 * keeps a copy with each secret replaced by SECRET_REMOVED, readable by staff and the dev
 * outbox, and the original sealed (FieldCrypto) until it is sent or its secrets expire.
 * The relay sends the sealed original; after that nothing readable carries the token.
 */

export const SECRET_REMOVED = '[removed]';

export interface OutboxAttachment {
  filename: string;
  contentType: string;
  content: string;
}

/** What of a message may carry a secret (the subject never does). */
export interface OutboxContent {
  body: string;
  html: string | null;
  attachments: OutboxAttachment[];
}

const SEALED_CONTEXT = contextOf(OUTBOX_SEALED_COLUMN);

/** RFC 5545 line folding undone (CRLF + one space or tab), so a folded token is whole again. */
const unfold = (text: string): string => text.replace(/\r?\n[ \t]/g, '');

function mapText(content: OutboxContent, replace: (text: string) => string): OutboxContent {
  return {
    body: replace(content.body),
    html: content.html === null ? null : replace(content.html),
    attachments: content.attachments.map((a) => ({ ...a, content: replace(unfold(a.content)) })),
  };
}

/** The content with every secret (as given and URL-encoded) replaced by SECRET_REMOVED. */
export function withoutSecrets(content: OutboxContent, secrets: readonly string[]): OutboxContent {
  const forms = [
    ...new Set(secrets.flatMap((s) => [s, encodeURIComponent(s)]).filter((s) => s.length > 0)),
  ];
  return mapText(content, (text) =>
    forms.reduce((out, secret) => out.split(secret).join(SECRET_REMOVED), text),
  );
}

// A `token=` query value of one of our links (reset, invitation, manage booking), in text,
// HTML (`&amp;token=`) or a calendar file; SECRET_REMOVED itself does not match.
const LINK_TOKEN = /([?&;]token=)(?!\[removed\])[A-Za-z0-9%._~-]+/g;

/** Whether a link token is still readable anywhere in the content. */
export function hasLinkToken(content: OutboxContent): boolean {
  return [
    content.body,
    content.html ?? '',
    ...content.attachments.map((a) => unfold(a.content)),
  ].some((text) => new RegExp(LINK_TOKEN.source).test(text));
}

/**
 * Rows written before the secrets were passed explicitly (the backfill): every link token
 * is replaced. `found` says whether there was one.
 */
export function withoutLinkTokens(content: OutboxContent): {
  content: OutboxContent;
  found: boolean;
} {
  const found = hasLinkToken(content);
  return {
    content: found
      ? mapText(content, (text) => text.replace(LINK_TOKEN, `$1${SECRET_REMOVED}`))
      : content,
    found,
  };
}

export function sealOutboxContent(crypto: FieldCrypto, content: OutboxContent): string {
  return crypto.encrypt(JSON.stringify(content), SEALED_CONTEXT);
}

/** Only ever fed what sealOutboxContent wrote; the AEAD tag already vouches for it. */
export function openOutboxContent(crypto: FieldCrypto, sealed: string): OutboxContent {
  const value: unknown = JSON.parse(crypto.decrypt(sealed, SEALED_CONTEXT));
  const record = isRecord(value) ? value : {};
  if (typeof record.body !== 'string') throw new Error('sealed outbox content has no body');
  return {
    body: record.body,
    html: typeof record.html === 'string' ? record.html : null,
    attachments: attachmentsOf(record.attachments),
  };
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The stored `attachments` column (JSON) as attachments; malformed entries are left out. */
export function attachmentsOf(value: unknown): OutboxAttachment[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item: unknown) =>
    isRecord(item) &&
    typeof item.filename === 'string' &&
    typeof item.contentType === 'string' &&
    typeof item.content === 'string'
      ? [{ filename: item.filename, contentType: item.contentType, content: item.content }]
      : [],
  );
}
