import type { Transaction } from 'kysely';
import { inFirmTransaction, runIdempotent } from '@lexfin/persistence';
import type { TrustDatabase } from '../db/schema';
import type { CommandContext } from './actor';

/**
 * One money-moving command: one transaction bound to the caller's firm, run once per idempotency
 * key (a repeat returns the stored answer, so results must be JSON).
 */
export function runCommand<T>(
  context: CommandContext,
  operation: string,
  idempotencyKey: string,
  input: unknown,
  work: (tx: Transaction<TrustDatabase>) => Promise<T>,
): Promise<T> {
  const firmId = context.identity.firmId;
  return inFirmTransaction(context.db, firmId, (tx) =>
    runIdempotent(tx, { firmId, key: idempotencyKey, operation, input }, () => work(tx)),
  );
}
