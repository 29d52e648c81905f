import { describe, expect, it } from 'vitest';
import { canMoveLead, isFollowUpOverdue, leadStatuses, leadTransitions } from './lead-pipeline.ts';

describe('lead pipeline', () => {
  it('walks new → working → qualified and lets any open lead be lost', () => {
    expect(canMoveLead('new', 'working')).toBe(true);
    expect(canMoveLead('working', 'qualified')).toBe(true);
    for (const from of ['new', 'working', 'qualified'])
      expect(canMoveLead(from, 'lost'), from).toBe(true);
  });

  it('reopens a lost lead only to working', () => {
    expect(canMoveLead('lost', 'working')).toBe(true);
    expect(canMoveLead('lost', 'new')).toBe(false);
    expect(canMoveLead('lost', 'qualified')).toBe(false);
  });

  it('never skips a step, never leaves converted, never converts by hand', () => {
    expect(canMoveLead('new', 'qualified')).toBe(false);
    for (const to of leadStatuses) expect(canMoveLead('converted', to), to).toBe(false);
    for (const from of leadStatuses) expect(canMoveLead(from, 'converted'), from).toBe(false);
    expect(canMoveLead('unknown', 'working')).toBe(false);
  });

  it('lists a move for every status', () => {
    expect(Object.keys(leadTransitions).sort()).toEqual([...leadStatuses].sort());
  });

  it('flags a past follow-up on an open lead only', () => {
    const now = new Date('2026-05-01T12:00:00Z');
    const past = new Date('2026-05-01T11:59:00Z');
    const future = new Date('2026-05-01T12:01:00Z');
    expect(isFollowUpOverdue({ status: 'working', nextFollowUpAt: past, now })).toBe(true);
    expect(isFollowUpOverdue({ status: 'working', nextFollowUpAt: future, now })).toBe(false);
    expect(isFollowUpOverdue({ status: 'lost', nextFollowUpAt: past, now })).toBe(false);
    expect(isFollowUpOverdue({ status: 'new', nextFollowUpAt: null, now })).toBe(false);
  });
});
