import { describe, expect, it } from 'vitest';
import { databaseFailureOf, PoolCheckoutError } from './database-errors.ts';

const pgError = (code: string, message = 'boom') => Object.assign(new Error(message), { code });

describe('databaseFailureOf', () => {
  it('reads our own bounds running out as a timeout', () => {
    expect(
      databaseFailureOf(pgError('57014', 'canceling statement due to statement timeout')),
    ).toBe('timeout');
    expect(databaseFailureOf(pgError('55P03', 'canceling statement due to lock timeout'))).toBe(
      'timeout',
    );
    expect(databaseFailureOf(pgError('25P03'))).toBe('timeout');
    expect(
      databaseFailureOf(
        PoolCheckoutError.from(new Error('timeout exceeded when trying to connect')),
      ),
    ).toBe('timeout');
    expect(
      databaseFailureOf(
        PoolCheckoutError.from(new Error('Connection terminated due to connection timeout')),
      ),
    ).toBe('timeout');
  });

  it('reads a cut or refused connection as unavailable', () => {
    for (const code of ['57P01', '57P02', '57P03', '53300', '08006', '08001', 'ECONNREFUSED'])
      expect(databaseFailureOf(pgError(code)), code).toBe('unavailable');
    expect(databaseFailureOf(new Error('Connection terminated unexpectedly'))).toBe('unavailable');
    expect(databaseFailureOf(PoolCheckoutError.from(pgError('28P01', 'password failed')))).toBe(
      'unavailable',
    );
  });

  it('leaves every other error alone (constraint violations, bugs, non-errors)', () => {
    for (const code of ['23505', '23514', '40001', '42P01', '22P02'])
      expect(databaseFailureOf(pgError(code)), code).toBeNull();
    expect(databaseFailureOf(new TypeError('x is undefined'))).toBeNull();
    expect(databaseFailureOf('57014')).toBeNull();
    expect(databaseFailureOf(null)).toBeNull();
  });
});
