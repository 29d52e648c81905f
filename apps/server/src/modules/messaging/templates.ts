import { DEFAULT_BRAND, type Brand } from '../notifications/brand.ts';
import {
  isEmailKind,
  type EmailContext,
  type EmailKind,
} from '../notifications/templates/email-content.ts';
import { renderEmail } from '../notifications/templates/render-email.tsx';
import type { OutboxAttachment } from './outbox.repository.ts';

/**
 * Every message the platform sends is rendered here, from the React Email templates in
 * `modules/notifications/templates` (one layout, a plain-text part built from the same
 * content). The kinds and their data are those the scheduler already plans.
 */
export type MessageContext = EmailContext;
export type MessageKind = EmailKind;

export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
  attachments?: OutboxAttachment[];
}

export async function renderMessage(
  kind: string,
  ctx: MessageContext,
  options: { brand?: Brand; attachments?: OutboxAttachment[] } = {},
): Promise<RenderedMessage> {
  const brand = options.brand ?? DEFAULT_BRAND;
  // A kind stored by a newer release must not wedge the scheduler in retries: it still
  // gets a plain, correct message instead of an exception inside the transaction.
  const rendered = isEmailKind(kind)
    ? await renderEmail(kind, ctx, brand)
    : {
        subject: brand.name,
        text: `Hi ${ctx.customerName},\n\n${ctx.link}\n`,
        html: '',
      };
  return options.attachments?.length ? { ...rendered, attachments: options.attachments } : rendered;
}
