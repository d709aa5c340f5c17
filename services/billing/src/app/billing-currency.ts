import type { Money } from '@lexfin/money';
import { BadUserInputError } from '@lexfin/platform';

/** Money for a matter or client must be in the currency it bills in. */
export function assertCurrency(value: Money, expected: string, field: string): void {
  if (value.currency !== expected) {
    throw new BadUserInputError({
      [`${field}.currency`]: `must be ${expected}, the billing currency`,
    });
  }
}
