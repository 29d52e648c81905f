import { describe, expect, it } from 'vitest';
import { DEFAULT_BRAND } from '../brand.ts';
import { renderReceipt } from './receipt-email.tsx';
import {
  durationInWords,
  renderStaffInvitation,
  renderStaffPasswordReset,
} from './staff-account-emails.tsx';

const brand = { ...DEFAULT_BRAND, name: 'Grill Co', primaryColor: '#123ABC' };
const now = new Date('2026-07-01T17:00:00Z');
const placeholder = /undefined|\bnull\b|NaN|\[object|\{\{|\}\}|\$\{/;

describe('staff account emails', () => {
  it('the invitation names inviter, role, stations and expiry, with the link in both parts', async () => {
    const link = 'https://grill.example/admin/accept-invitation?token=abc_DEF-123';
    const message = await renderStaffInvitation(
      {
        inviteeName: 'Lin',
        inviterName: 'Ada',
        role: 'station_manager',
        stationNames: ['Fremont', 'San Jose'],
        link,
        now,
        expiresAt: new Date(now.getTime() + 7 * 86_400_000),
        timeZone: 'America/Los_Angeles',
      },
      brand,
    );
    expect(message.subject).toBe('Ada invited you to the Grill Co staff panel');
    expect(message.text).toContain('Role: Station manager');
    expect(message.text).toContain('Stations: Fremont, San Jose');
    expect(message.text).toContain('for 7 days (until Wed, Jul 8, 10:00 AM PDT)');
    expect(message.text).toContain(`Accept the invitation: ${link}`);
    expect(message.html).toContain(`href="${link}"`);
    expect(message.html).toContain('#123ABC');
    for (const part of [message.subject, message.text, message.html])
      expect(part).not.toMatch(placeholder);
  });

  it('the reset says an hour, links in both parts and wears the brand colour', async () => {
    const link = 'https://grill.example/admin/reset-password?token=xyz';
    const message = await renderStaffPasswordReset(
      { staffName: 'Sam', link, now, expiresAt: new Date(now.getTime() + 3_600_000) },
      brand,
    );
    expect(message.text).toContain('within 1 hour (until Wed, Jul 1, 6:00 PM UTC)');
    expect(message.text).toContain(`Choose a new password: ${link}`);
    expect(message.html).toContain(`href="${link}"`);
    expect(message.html).toContain('#123ABC');
  });

  it('says durations in whole words', () => {
    expect(durationInWords(3_600_000)).toBe('1 hour');
    expect(durationInWords(7 * 86_400_000)).toBe('7 days');
    expect(durationInWords(90 * 60_000)).toBe('90 minutes');
  });
});

describe('receipt email', () => {
  it('shows the payment and what remains to the cent', async () => {
    const message = await renderReceipt(
      {
        customerName: 'Pat',
        bookingNumber: 'TP-2026-0042',
        date: '2026-07-03',
        slot: '18:30',
        payment: {
          kind: 'balance',
          method: 'venmo',
          reference: 'VEN-991',
          amountCents: 50_001,
          paidAt: now,
        },
        totalCents: 123_456,
        paidTowardTotalCents: 60_001,
        balanceOwedCents: 63_455,
        timeZone: 'America/Los_Angeles',
      },
      brand,
    );
    expect(message.subject).toBe('Receipt: $500.01 for booking TP-2026-0042');
    expect(message.text).toContain('Balance payment: $500.01');
    expect(message.text).toContain('Method: Venmo');
    expect(message.text).toContain('Reference: VEN-991');
    expect(message.text).toContain('Party total: $1,234.56');
    expect(message.text).toContain('Remaining to pay: $634.55');
    expect(message.text).toContain('Friday, July 3, 2026 at 6:30 PM');
    expect(message.html).toContain('$634.55');
    expect(message.html).toContain('#123ABC');
  });
});
