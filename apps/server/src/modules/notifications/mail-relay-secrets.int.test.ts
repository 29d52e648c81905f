// A slow mail server, and link tokens in sent messages (ADR 0016).
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/harness.ts';
import { newStation } from '../../test/factories.ts';
import { newStaff, signIn } from '../staff/staff.test-helper.ts';
import { OutboxRepository } from '../messaging/outbox.repository.ts';
import { startTestSmtpServer } from './smtp-server.test-helper.ts';
import {
  FROM,
  smtp,
  t,
  confirmedBooking,
  confirmationContext,
  parseAll,
  bySubject,
  outboxAsText,
  tokenIn,
  useTestApp,
} from './mail-relay.test-helper.ts';

useTestApp();

describe('a slow mail server', () => {
  it('is waited for with no transaction or row lock held, and the message is sent once', async () => {
    // Idle-in-transaction shorter than the server's pause: a relay that kept its claim's
    // transaction open across the SMTP exchange would lose its connection mid-send.
    const slow = await startTestSmtpServer();
    slow.acceptDelayMs = 1500;
    const app = await createTestApp({
      env: { SMTP_URL: slow.url, MAIL_FROM: FROM, DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: '500' },
    });
    try {
      await new OutboxRepository(app.container.db, app.container.fieldCrypto).record({
        channel: 'email',
        recipient: 'slow.lane@example.com',
        subject: 'Slow lane',
        body: 'Hello from a slow mail server.',
        template: 'booking.deposit_nudge',
        data: {},
        dedupeKey: 'slow-mail-server',
      });
      const relaying = app.container.notifications.relayOnce(10);
      await new Promise((resolve) => setTimeout(resolve, 700));
      // Mid-send: the row is free to lock, and no app connection sits in a transaction.
      const row = await app.database.db
        .transaction()
        .execute((trx) =>
          trx
            .selectFrom('marketing.outbox')
            .select(['id', 'status'])
            .where('dedupe_key', '=', 'slow-mail-server')
            .forUpdate()
            .noWait()
            .executeTakeFirstOrThrow(),
        );
      expect(row.status).toBe('recorded');
      const { rows } = await sql<{ n: number }>`
        select count(*)::int as n from pg_stat_activity
         where datname = current_database() and state like 'idle in transaction%'`.execute(
        app.database.db,
      );
      expect(rows[0]?.n).toBe(0);
      expect(slow.messages).toHaveLength(0);
      expect(await relaying).toMatchObject({ sent: 1, retrying: 0, failed: 0 });
      expect(slow.messages).toHaveLength(1);
      // A second relay finds nothing due: marked sent, not left to the lease.
      expect((await app.container.notifications.relayOnce(10)).sent).toBe(0);
      const after = await app.database.db
        .selectFrom('marketing.outbox')
        .select(['status', 'attempts'])
        .where('dedupe_key', '=', 'slow-mail-server')
        .executeTakeFirstOrThrow();
      expect(after).toEqual({ status: 'sent', attempts: 1 });
    } finally {
      app.container.notifications.close();
      await app.close();
      await slow.close();
    }
  });
});

describe('secrets in sent messages (ADR 0016)', () => {
  it('the manage link arrives whole and working; afterwards no outbox row holds its token', async () => {
    const booking = await confirmedBooking(t, { days: 43 });
    const before = smtp.messages.length;
    expect((await t.container.notifications.relayOnce(50)).sent).toBeGreaterThanOrEqual(2);
    const mails = await parseAll(smtp.messages.slice(before));
    const confirmation = mails.find((m) => /^Booking confirmed/.test(m.subject ?? ''));
    const token = tokenIn(confirmation?.text);
    expect(token.length).toBeGreaterThan(20);
    expect(confirmation?.html).toContain(`token=${token}`);
    const ics = confirmation?.attachments.find((a) => a.filename?.endsWith('.ics'));
    expect((ics?.content.toString('utf8') ?? '').replace(/\r\n[ \t]/g, '')).toContain(token);
    const opened = await t.app.inject({
      method: 'GET',
      url: `/api/v1/bookings/${booking.id}?token=${token}`,
    });
    expect(opened.statusCode).toBe(200);
    // The staff alert quoted the host's contact details: delivered, not kept.
    const alert = mails.find((m) => /^New booking/.test(m.subject ?? ''));
    const { host } = await confirmationContext(t, booking.id);
    expect(alert?.text).toContain(host.email);

    const stored = await outboxAsText(t);
    expect(stored).not.toContain(token);
    expect(stored).not.toContain(host.email);
    const rows = await t.database.db
      .selectFrom('marketing.outbox')
      .select(['status', 'sealed', 'body', 'template'])
      .where('booking_id', '=', booking.id)
      .execute();
    for (const row of rows) {
      expect(row).toMatchObject({ status: 'sent', sealed: null });
      // The deposit's receipt carries no link and so no secret.
      if (row.template !== 'payment.receipt') expect(row.body).toContain('[removed]');
    }
    const dev = await t.app.inject({
      method: 'GET',
      url: `/api/v1/dev/outbox?bookingId=${booking.id}`,
    });
    const devMessages = dev.json<{
      messages: { template: string; secret: string; secretNote: string }[];
    }>().messages;
    for (const m of devMessages.filter((message) => message.template !== 'payment.receipt')) {
      expect(m.secret).toBe('removed');
      expect(m.secretNote).toMatch(/^Sent/);
    }
  });

  it('reset and invitation links arrive by SMTP, work, and leave no usable token behind', async () => {
    const { stationId } = await newStation(t.database.db, { code: 'CA-MAIL', chefs: 0 });
    const admin = await newStaff(t.database.db, {
      role: 'super_admin',
      stationIds: [stationId],
      totp: true,
    });
    const session = await signIn(t.app, admin);
    const before = smtp.messages.length;
    const reset = await t.app.inject({
      method: 'POST',
      url: '/api/v1/staff/auth/password-reset/request',
      payload: { email: admin.email },
    });
    expect(reset.statusCode).toBe(202);
    const invited = await t.app.inject({
      method: 'POST',
      url: '/api/v1/staff/invitations',
      headers: session.headers,
      payload: {
        email: 'mailed.chef@teppan.test',
        name: 'Mailed Chef',
        role: 'chef',
        stationIds: [stationId],
      },
    });
    expect(invited.statusCode, invited.body).toBe(201);
    expect((await t.container.notifications.relayOnce(50)).sent).toBe(2);

    const mails = await parseAll(smtp.messages.slice(before));
    const resetToken = decodeURIComponent(
      tokenIn(bySubject(mails, /^Reset your .+ staff password$/).text),
    );
    const inviteToken = decodeURIComponent(
      tokenIn(bySubject(mails, /invited you to the .+ staff panel$/).text),
    );
    const stored = await outboxAsText(t);
    for (const token of [resetToken, inviteToken]) {
      expect(token.length).toBeGreaterThan(20);
      expect(stored).not.toContain(token);
      expect(stored).not.toContain(encodeURIComponent(token));
    }
    // The links still work: the database kept only their hashes and the sealed copy, now gone.
    const confirmed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/staff/auth/password-reset/confirm',
      payload: { token: resetToken, newPassword: 'a new mailed passphrase' },
    });
    expect(confirmed.statusCode, confirmed.body).toBe(204);
    const accepted = await t.app.inject({
      method: 'POST',
      url: '/api/v1/staff/invitations/accept',
      payload: { token: inviteToken, password: 'a long chef passphrase' },
    });
    expect(accepted.statusCode, accepted.body).toBe(201);
  });

  it('a link that expires unsent is removed and never mailed without it', async () => {
    const outbox = new OutboxRepository(t.database.db, t.container.fieldCrypto);
    const secret = 'expired-token-0123456789abcdef';
    const key = `expired-${Date.now()}`;
    await outbox.record({
      channel: 'email',
      recipient: 'late@example.com',
      subject: 'Too late',
      body: `Reset: https://teppan.test/admin/reset-password?token=${secret}`,
      template: 'test.expired',
      dedupeKey: key,
      secrets: { values: [secret], expiresAt: new Date(Date.now() - 1000) },
    });
    const before = smtp.messages.length;
    expect(await t.container.notifications.relayOnce(50)).toMatchObject({ sent: 0, failed: 1 });
    expect(smtp.messages.length).toBe(before);
    const row = await t.database.db
      .selectFrom('marketing.outbox')
      .select(['status', 'sealed', 'last_error', 'body'])
      .where('dedupe_key', '=', key)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'failed', sealed: null });
    expect(row.last_error).toMatch(/expired/);
    expect(await outboxAsText(t)).not.toContain(secret);
  });

  it('refuses to store a link token nobody declared secret', async () => {
    const outbox = new OutboxRepository(t.database.db, t.container.fieldCrypto);
    await expect(
      outbox.record({
        channel: 'email',
        recipient: 'someone@example.com',
        subject: 'Oops',
        body: 'https://teppan.test/manage/1?token=abcdefghijklmnop',
        template: 'test.undeclared',
        dedupeKey: `undeclared-${Date.now()}`,
      }),
    ).rejects.toThrow(/link token would be stored readable/);
  });
});
