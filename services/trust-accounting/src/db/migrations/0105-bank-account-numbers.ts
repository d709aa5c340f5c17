import { sql, type Kysely } from 'kysely';
import type { Migration } from '@lexfin/persistence';

/**
 * A statement file may hold several accounts; it is imported only for the one that is this trust
 * account, which takes the full account number (or IBAN) and the bank's routing number or BIC.
 * The number is stored sealed (AES-256-GCM, SealedBox of @lexfin/platform); accounts opened
 * before keep only their last 4 digits.
 */
export const bankAccountNumbers: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`alter table trust_accounts
      add column account_number_sealed text,
      add column bank_id text`.execute(db);
  },
};
