import { BadUserInputError } from '@lexfin/platform/errors';
import type { ParsedStatement } from './statement';

/** What the firm told us of its trust bank account. */
export interface TrustBankDetails {
  /** The full account number or IBAN; accounts opened before it was asked for have none. */
  accountNumber: string | null;
  /** The bank's routing number or BIC, when known. */
  bankId: string | null;
  accountLast4: string;
}

/** Account numbers and IBANs are printed with spaces or dashes; the bank's systems drop them. */
export function plainAccountNumber(text: string): string {
  return text.replace(/[\s-]/g, '').toUpperCase();
}

export function lastFourDigits(accountNumber: string): string {
  return accountNumber.replace(/\D/g, '').slice(-4);
}

/**
 * The statement of the trust account in a file that may hold several accounts (a firm's bank
 * often sends operating and trust accounts together): the one whose full number and bank code
 * match, or (for an account known only by its last 4 digits) whose last 4 digits do. No match,
 * or more than one, is refused naming the file's accounts, masked: lines of another account
 * must never land in trust.
 */
export function bankAccountStatement(
  statements: readonly ParsedStatement[],
  details: TrustBankDetails,
): ParsedStatement {
  if (statements.length === 1 && statements[0]!.account === null) return statements[0]!;
  const matching = statements.filter(({ account }) => {
    if (!account) return false;
    const sameNumber = details.accountNumber
      ? plainAccountNumber(account.number) === plainAccountNumber(details.accountNumber)
      : lastFourDigits(account.number) === details.accountLast4;
    return sameNumber && sameBank(account.bankId, details.bankId);
  });
  if (matching.length === 1) return matching[0]!;
  const held = statements.map(describe).join('; ');
  const ours = `…${details.accountLast4}${details.bankId ? ` at ${details.bankId}` : ''}`;
  throw new BadUserInputError({
    content:
      matching.length === 0
        ? `the file holds ${held}; none is this trust account (${ours})`
        : `more than one account in the file fits this trust account (${ours}): ${held}; give the trust account its full account number and bank code`,
  });
}

/** A BIC without a branch (8 characters) is its head office, the same bank as BIC + "XXX". */
function sameBank(inFile: string | null, ours: string | null): boolean {
  if (inFile === null || ours === null) return true;
  const [a, b] = [plainAccountNumber(inFile), plainAccountNumber(ours)];
  const bic = /^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/;
  return bic.test(a) && bic.test(b) ? a.slice(0, 8) === b.slice(0, 8) : a === b;
}

function describe({ account, currency }: ParsedStatement): string {
  if (!account) return 'an account without a number';
  const bank = account.bankId ? ` at ${account.bankId}` : '';
  return `account …${plainAccountNumber(account.number).slice(-4)}${bank} (${currency ?? 'no currency'})`;
}
