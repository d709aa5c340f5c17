import { minorDigits } from './currency';
import { describe, InvalidAmountError } from './errors';

// ASCII digits only (no `u` flag, so \d is [0-9]); no exponent, grouping, or bare '.'.
const DECIMAL_AMOUNT = /^-?(\d+)(?:\.(\d+))?$/;

/** Parses a decimal string into minor units; anything that would need rounding is rejected. */
export function parseDecimalAmount(amount: string, currency: string): bigint {
  const digits = minorDigits(currency);
  if (typeof amount !== 'string') {
    throw new InvalidAmountError(`amount must be a decimal string, got ${describe(amount)}`);
  }
  const match = DECIMAL_AMOUNT.exec(amount);
  if (match === null) {
    throw new InvalidAmountError(
      `${describe(amount)} is not a decimal amount (expected digits, an optional leading '-' and an optional '.' followed by digits)`,
    );
  }
  const whole = match[1] ?? '';
  const fraction = match[2] ?? '';
  if (fraction.length > digits) {
    throw new InvalidAmountError(
      `${describe(amount)} has ${fraction.length} decimals but ${currency} allows at most ${digits}`,
    );
  }
  const magnitude = BigInt(whole + fraction.padEnd(digits, '0'));
  return amount.startsWith('-') ? -magnitude : magnitude;
}

/** Formats minor units with exactly the currency's number of decimals, '-' for negatives. */
export function formatMinorAmount(minor: bigint, currency: string): string {
  const digits = minorDigits(currency);
  const sign = minor < 0n ? '-' : '';
  const magnitude = (minor < 0n ? -minor : minor).toString();
  if (digits === 0) return sign + magnitude;
  const padded = magnitude.padStart(digits + 1, '0');
  return `${sign}${padded.slice(0, -digits)}.${padded.slice(-digits)}`;
}
