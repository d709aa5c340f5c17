import type { Transaction } from 'kysely';
import {
  DEFAULT_ARRANGEMENT_LIMITS,
  DEFAULT_LETTER_MAIL_DAYS,
  defaultPolicy,
  type CollectionPolicy,
} from '../../domain/policy';
import type { CollectionsDatabase } from '../../db/schema';

/**
 * The firm's latest published policy; a firm that never edited one has the default. A version
 * published before arrangements had limits takes the default ones.
 */
export async function currentPolicy(
  tx: Transaction<CollectionsDatabase>,
): Promise<CollectionPolicy> {
  const row = await tx
    .selectFrom('collection_policies')
    .select(['version', 'policy'])
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (row === undefined) return defaultPolicy();
  const stored = row.policy as Omit<CollectionPolicy, 'letterMailDays'> & {
    letterMailDays?: number;
  };
  // Versions published before letters had mail days, or before arrangements, take the defaults.
  return {
    ...stored,
    letterMailDays: stored.letterMailDays ?? DEFAULT_LETTER_MAIL_DAYS,
    arrangements: { ...DEFAULT_ARRANGEMENT_LIMITS, ...stored.arrangements },
    version: row.version,
  };
}
