import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { billingEvents, createEvent, type EventEnvelope } from '@lexfin/contracts';
import type { Generated } from 'kysely';
import {
  enableTenantIsolation,
  type InboxDatabase,
  type Migration,
  type OutboxDatabase,
} from '../src';

/** A firm-scoped table like the ones services keep: a replica of billing's clients. */
export interface ClientReplicaTable {
  firm_id: string;
  client_id: string;
  display_name: string;
  applied_updates: Generated<number>;
}

export interface TestSchema extends OutboxDatabase, InboxDatabase {
  client_replica: ClientReplicaTable;
}

export const testMigrations: Record<string, Migration> = {
  '0100_client_replica': {
    async up(db: Kysely<unknown>) {
      await sql`create table client_replica (
        firm_id uuid not null,
        client_id uuid not null,
        display_name text not null,
        applied_updates int not null default 0,
        primary key (firm_id, client_id)
      )`.execute(db);
      await enableTenantIsolation(db, 'client_replica');
    },
  },
};

/** A `client.updated` event whose display name carries a version, to check order downstream. */
export function clientUpdated(
  firmId: string,
  clientId: string,
  version: number,
): EventEnvelope<unknown> {
  return createEvent(billingEvents.clientUpdated, {
    firmId,
    subject: clientId,
    correlationId: randomUUID(),
    data: {
      clientId,
      displayName: `v${version}`,
      kind: 'ORGANISATION',
      currency: 'USD',
      timeZone: 'America/New_York',
    },
  });
}
