import type { Kysely } from 'kysely';
import type { Identity } from '@lexfin/platform';
import type { TrustDatabase } from '../db/schema';

/** Who runs a command or query, and the correlation its events carry. */
export interface CommandContext {
  db: Kysely<TrustDatabase>;
  identity: Identity;
  correlationId: string;
}
