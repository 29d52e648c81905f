import { describe, expect, it } from 'vitest';
import { formatCents } from '@teppan/core';
import { renderMessage } from '../messaging/templates.ts';
import { DEFAULT_BRAND, brandFor, emailAddressOf } from './brand.ts';
import { emailKinds, type EmailContext } from './templates/email-content.ts';

const ctx: EmailContext = {
  customerName: 'Pat Host',
  bookingNumber: 'TP-2026-0042',
  date: '2026-07-03',
  slot: '18:30',
  guests: 13,
  guestBreakdown: { adults: 10, children: 2, toddlers: 1 },
  totalCents: 123_456,
  depositCents: 10_000,
  balanceCents: 113_456,
  lines: [
    { label: 'Food', cents: 100_000 },
    { label: 'Travel (40 mi)', cents: 2_000 },
  ],
  deadline: new Date('2026-06-30T20:00:00Z'),
  timeZone: 'America/Los_Angeles',
  link: 'https://teppan.example/manage/abc',
  allergens: ['shellfish (guest 3)', 'sesame'],
  specialRequests: 'Birthday — candles please',
  venue: '1 Main St, San Jose, CA 95112',
  contact: { email: 'pat@example.com', phone: '(408) 555-0101' },
};

// What an unfilled slot looks like once it reaches the reader.
const placeholder = /undefined|\bnull\b|NaN|\[object|\{\{|\}\}|\$\{/;

describe('transactional email templates', () => {
  it.each(emailKinds)('%s has a subject, a text part and an accessible HTML part', async (kind) => {
    const message = await renderMessage(kind, ctx);
    expect(message.subject.length).toBeGreaterThan(5);
    expect(message.text.length).toBeGreaterThan(50);
    expect(message.text).toContain(ctx.link);
    expect(message.html).toMatch(/<html[^>]*lang="en"/);
    expect(message.html).toContain(DEFAULT_BRAND.name);
    expect(message.html).not.toMatch(/<img(?![^>]*alt=)/);
    for (const part of [message.subject, message.text, message.html])
      expect(part).not.toMatch(placeholder);
  });

  it('the 24 h reminder recaps the allergens in both parts', async () => {
    const message = await renderMessage('booking.reminder_24h', ctx);
    expect(message.text).toContain('Allergens on file: shellfish (guest 3), sesame');
    expect(message.html).toContain('shellfish (guest 3)');
    expect(message.html).toContain('sesame');
    const none = await renderMessage('booking.reminder_24h', { ...ctx, allergens: [] });
    expect(none.text).toContain('none recorded');
  });

  it('the confirmation shows the total with formatCents and the deposit and balance', async () => {
    const message = await renderMessage('booking.confirmation', ctx);
    expect(message.text).toContain(`Total: ${formatCents(123_456)}`);
    expect(message.text).toContain('$1,234.56');
    expect(message.html).toContain('$1,234.56');
    expect(message.text).toContain('Deposit paid: $100.00');
    expect(message.text).toContain('Balance due on the day: $1,134.56');
    expect(message.text).toContain('Friday, July 3, 2026 at 6:30 PM');
  });

  it('hold warnings show the deadline on the station clock', async () => {
    const message = await renderMessage('hold.sign_warning', ctx);
    expect(message.text).toContain('Tue, Jun 30, 1:00 PM PDT');
  });

  it('the deposit alert tells staff the reference, the method and the deadline to confirm by', async () => {
    const message = await renderMessage('booking.deposit_reported', {
      ...ctx,
      reference: 'DEP-TP-2026-0042',
      paymentMethod: 'venmo',
    });
    expect(message.subject).toBe('Deposit to confirm: TP-2026-0042, reference DEP-TP-2026-0042');
    expect(message.text).toContain('by Venmo, reference “DEP-TP-2026-0042”');
    expect(message.text).toContain('Confirm it by Tue, Jun 30, 1:00 PM PDT.');
    expect(message.text).toContain('Email: pat@example.com');
  });

  it('the deadline cancellation says why, and what to do if the money was sent', async () => {
    const unpaid = await renderMessage('booking.deposit_deadline', ctx);
    expect(unpaid.text).toContain('We did not receive the $100.00 deposit');
    expect(unpaid.text).not.toContain('refund');
    const reported = await renderMessage('booking.deposit_deadline', {
      ...ctx,
      depositReported: true,
      reference: 'Zelle 4417',
    });
    expect(reported.subject).toBe(
      'Booking TP-2026-0042 cancelled: we could not confirm your deposit',
    );
    expect(reported.text).toContain('(reference “Zelle 4417”)');
    expect(reported.text).toContain(`call ${DEFAULT_BRAND.contactPhone}: we will refund it`);
  });

  it('an unknown kind still renders a plain message instead of throwing', async () => {
    const message = await renderMessage('booking.some_future_kind', ctx);
    expect(message.text).toContain(ctx.link);
  });

  it('the brand takes the contact address from MAIL_FROM and the station address', () => {
    expect(emailAddressOf('Teppan <hi@teppan.test>')).toBe('hi@teppan.test');
    expect(emailAddressOf('hi@teppan.test')).toBe('hi@teppan.test');
    expect(emailAddressOf('no address')).toBeNull();
    const brand = brandFor({
      mailFrom: 'Teppan <hi@teppan.test>',
      station: { address: '1 Station Rd' },
    });
    expect(brand).toMatchObject({ contactEmail: 'hi@teppan.test', postalAddress: '1 Station Rd' });
  });
});
