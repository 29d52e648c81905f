import nodemailer, { type Transporter } from 'nodemailer';

export interface OutgoingEmail {
  from: string;
  to: string;
  subject: string;
  text: string;
  html?: string | null;
  attachments?: readonly { filename: string; contentType: string; content: string }[];
  /** Stable per outbox row, so a re-send after a crash can be recognised as the same mail. */
  messageId: string;
}

/** Where rendered email goes. The offline default has none: rows stay in the outbox. */
export interface EmailTransport {
  /** Written to `marketing.outbox.provider` for rows it delivered. */
  readonly name: string;
  send(email: OutgoingEmail): Promise<void>;
  close(): void;
}

/** Shown wherever the platform reports how email leaves it, when SMTP is not configured. */
export const OFFLINE_DELIVERY_LABEL = 'outbox (offline): not delivered';

export class SmtpTransport implements EmailTransport {
  readonly name = 'smtp';
  private readonly transporter: Transporter;

  constructor(smtpUrl: string) {
    // Timeouts bound how long a relay holds its claimed row (and a pooled connection)
    // while a mail server hangs; the defaults are minutes.
    this.transporter = nodemailer.createTransport({
      url: smtpUrl,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
  }

  async send(email: OutgoingEmail): Promise<void> {
    await this.transporter.sendMail({
      from: email.from,
      to: email.to,
      subject: email.subject,
      text: email.text,
      ...(email.html ? { html: email.html } : {}),
      attachments: (email.attachments ?? []).map((a) => ({
        filename: a.filename,
        contentType: a.contentType,
        content: a.content,
      })),
      messageId: email.messageId,
    });
  }

  close(): void {
    this.transporter.close();
  }
}

export function createEmailTransport(mail: { smtpUrl: string | undefined }): EmailTransport | null {
  return mail.smtpUrl ? new SmtpTransport(mail.smtpUrl) : null;
}
