import { allocateMinor, splitEvenly } from './allocation';
import { isKnownCurrency } from './currency';
import { formatMinorAmount, parseDecimalAmount } from './decimal';
import {
  CurrencyMismatchError,
  describe,
  InvalidAmountError,
  UnknownCurrencyError,
} from './errors';
import { divideRounded, type Rounding } from './rounding';

/** An exact amount of one currency, held as bigint minor units. Immutable. */
export class Money {
  private constructor(
    readonly minor: bigint,
    readonly currency: string,
  ) {
    Object.freeze(this);
  }

  static of(minor: bigint, currency: string): Money {
    if (typeof minor !== 'bigint') {
      throw new InvalidAmountError(`minor amount must be a bigint, got ${describe(minor)}`);
    }
    if (!isKnownCurrency(currency)) throw new UnknownCurrencyError(currency);
    return new Money(minor, currency);
  }

  static zero(currency: string): Money {
    return Money.of(0n, currency);
  }

  static parse(amount: string, currency: string): Money {
    return new Money(parseDecimalAmount(amount, currency), currency);
  }

  static fromJSON(value: { amount: string; currency: string }): Money {
    if (typeof value !== 'object' || value === null) {
      throw new InvalidAmountError(
        `money must be an { amount, currency } object, got ${describe(value)}`,
      );
    }
    return Money.parse(value.amount, value.currency);
  }

  /** Sums in `currency`, which also names the result when `items` is empty. */
  static sum(items: readonly Money[], currency: string): Money {
    return items.reduce((total, item) => total.add(item), Money.zero(currency));
  }

  static min(a: Money, b: Money): Money {
    return a.lessThanOrEqual(b) ? a : b;
  }

  static max(a: Money, b: Money): Money {
    return a.greaterThanOrEqual(b) ? a : b;
  }

  toDecimalString(): string {
    return formatMinorAmount(this.minor, this.currency);
  }

  toJSON(): { amount: string; currency: string } {
    return { amount: this.toDecimalString(), currency: this.currency };
  }

  toString(): string {
    return `${this.toDecimalString()} ${this.currency}`;
  }

  add(other: Money): Money {
    return this.with(this.minor + this.sameCurrency(other).minor);
  }

  subtract(other: Money): Money {
    return this.with(this.minor - this.sameCurrency(other).minor);
  }

  negate(): Money {
    return this.with(-this.minor);
  }

  abs(): Money {
    return this.minor < 0n ? this.negate() : this;
  }

  /** Multiplies by numerator/denominator exactly, rounding once at the end (taxes, interest). */
  multiplyByRatio(numerator: bigint, denominator: bigint, rounding: Rounding = 'half-even'): Money {
    if (denominator === 0n) throw new InvalidAmountError('ratio denominator must not be zero');
    return this.with(divideRounded(this.minor * numerator, denominator, rounding));
  }

  compare(other: Money): -1 | 0 | 1 {
    const otherMinor = this.sameCurrency(other).minor;
    return this.minor < otherMinor ? -1 : this.minor > otherMinor ? 1 : 0;
  }

  equals(other: Money): boolean {
    return this.compare(other) === 0;
  }

  greaterThan(other: Money): boolean {
    return this.compare(other) > 0;
  }

  greaterThanOrEqual(other: Money): boolean {
    return this.compare(other) >= 0;
  }

  lessThan(other: Money): boolean {
    return this.compare(other) < 0;
  }

  lessThanOrEqual(other: Money): boolean {
    return this.compare(other) <= 0;
  }

  isZero(): boolean {
    return this.minor === 0n;
  }

  isNegative(): boolean {
    return this.minor < 0n;
  }

  isPositive(): boolean {
    return this.minor > 0n;
  }

  allocate(weights: readonly bigint[]): Money[] {
    return allocateMinor(this.minor, weights).map((part) => this.with(part));
  }

  split(parts: number): Money[] {
    return splitEvenly(this.minor, parts).map((part) => this.with(part));
  }

  private with(minor: bigint): Money {
    return new Money(minor, this.currency);
  }

  private sameCurrency(other: Money): Money {
    if (other.currency !== this.currency)
      throw new CurrencyMismatchError(this.currency, other.currency);
    return other;
  }
}
