import type { Transaction } from 'kysely';
import { defaultPolicy, type CollectionPolicy } from '../../domain/policy';
import type { CollectionsDatabase } from '../../db/schema';

/** The firm's latest published policy; a firm that never edited one has the default. */
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
  return { ...(row.policy as CollectionPolicy), version: row.version };
}
