import { render } from '@react-email/render';
import type { Brand } from '../brand.ts';
import {
  buildEmailContent,
  toPlainText,
  type EmailContext,
  type EmailKind,
} from './email-content.ts';
import { TransactionalEmail } from './transactional-email.tsx';

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

export async function renderEmail(
  kind: EmailKind,
  ctx: EmailContext,
  brand: Brand,
): Promise<RenderedEmail> {
  const content = buildEmailContent(kind, ctx, brand);
  const html = await render(<TransactionalEmail content={content} brand={brand} />);
  return { subject: content.subject, text: toPlainText(content, brand), html };
}
