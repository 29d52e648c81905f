function assertSafeInteger(value: number, name: string): void {
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`${name} must be a safe integer, got ${value}`);
  }
}

/**
 * Integer division rounded half-up, exact for any safe integers (no float rounding of the
 * quotient): money rules such as "tax rounded half-up to the cent" must not drift by a cent.
 */
export function roundHalfUpDiv(numerator: number, denominator: number): number {
  assertSafeInteger(numerator, 'numerator');
  assertSafeInteger(denominator, 'denominator');
  if (numerator < 0) throw new RangeError(`numerator must be non-negative, got ${numerator}`);
  if (denominator <= 0) throw new RangeError(`denominator must be positive, got ${denominator}`);
  let quotient = Math.floor(numerator / denominator);
  let remainder = numerator - quotient * denominator;
  // Near 2^53 the float quotient can land one off; the integer remainder corrects it.
  if (remainder < 0) {
    quotient -= 1;
    remainder += denominator;
  } else if (remainder >= denominator) {
    quotient += 1;
    remainder -= denominator;
  }
  return remainder * 2 >= denominator ? quotient + 1 : quotient;
}

/** `cents × basisPoints / 10000`, half-up (825 basis points = 8.25 %). */
export function percentOfCents(cents: number, basisPoints: number): number {
  assertSafeInteger(cents, 'cents');
  assertSafeInteger(basisPoints, 'basisPoints');
  return roundHalfUpDiv(cents * basisPoints, 10_000);
}

/** `123456 → '$1,234.56'`, `-500 → '-$5.00'`; independent of the runtime's locale data. */
export function formatCents(cents: number): string {
  assertSafeInteger(cents, 'cents');
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const dollars = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const rest = (abs % 100).toString().padStart(2, '0');
  return `${sign}$${dollars}.${rest}`;
}
