import { describe, expect, it } from 'vitest';
import { extractEntities } from './entities.ts';

// Wednesday 2026-06-10, 10:00 in Los Angeles.
const now = new Date('2026-06-10T17:00:00Z');
const timeZone = 'America/Los_Angeles';
const x = (text: string) => extractEntities(text, { now, timeZone });

describe('extractEntities', () => {
  it.each([
    ['next Saturday', '2026-06-13'],
    ['this Friday', '2026-06-12'],
    ['July 4th', '2026-07-04'],
    ['the 4th of July', '2026-07-04'],
    ['12/20', '2026-12-20'],
    ['2026-12-20', '2026-12-20'],
    ['tomorrow', '2026-06-11'],
    ['March 3', '2027-03-03'],
    ['next Wednesday', '2026-06-17'],
  ])('reads the date in "%s"', (text, date) => {
    expect(x(`party on ${text}`).date).toBe(date);
  });

  it.each([
    ['6pm', '18:00', '18:00'],
    ['6:30 p.m.', '18:30', '18:00'],
    ['18:30', '18:30', '18:00'],
    ['in the evening', '18:00', '18:00'],
    ['for lunch', '12:00', '12:00'],
    ['at 9', '21:00', '21:00'],
  ])('reads the time in "%s"', (text, time, slot) => {
    const e = x(`Saturday ${text}`);
    expect(e.time).toBe(time);
    expect(e.slot).toBe(slot);
  });

  it('reads guest counts', () => {
    expect(x('12 adults and 3 kids')).toMatchObject({ adults: 12, children: 3 });
    expect(x('15 people')).toMatchObject({ adults: 15 });
    expect(x('10 adults, 2 toddlers')).toMatchObject({ adults: 10, toddlers: 2 });
    expect(x('twenty five guests including 5 kids')).toMatchObject({ adults: 20, children: 5 });
    expect(x('8 adults and 2 kids under 5')).toMatchObject({ adults: 8, toddlers: 2 });
    expect(x('8 adults and 2 kids under 5').children).toBeUndefined();
  });

  it('reads ZIP, address, phone, email, money and booking numbers', () => {
    const e = x(
      'Venue 123 Main St, San Jose, CA 95112. Call 408-555-1234 or a@b.com; I paid $1,250.50 for TP-1042',
    );
    expect(e.zip).toBe('95112');
    expect(e.address).toContain('123 Main St');
    expect(e.phone).toBe('4085551234');
    expect(e.email).toBe('a@b.com');
    expect(e.amountsCents).toEqual([125050]);
    expect(e.bookingNumber).toBe('TP-1042');
    expect(e.adults).toBeUndefined();
  });

  it('maps proteins, add-ons and allergens by synonym', () => {
    const e = x(
      '10 filet, lobster for 4, add noodles and 3 orders of gyoza; one guest has a peanut allergy and is vegetarian',
    );
    expect(e.proteins).toMatchObject({ filet_mignon: 10, lobster_tail: 4 });
    expect(e.addons).toMatchObject({ yakisoba: true, gyoza: 3 });
    expect(e.allergens).toContain('peanut');
    expect(e.diets).toContain('vegetarian');
  });
});
