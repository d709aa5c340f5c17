import { randomUUID } from 'node:crypto';
import { billingEvents, createEvent, encodeEvent, type EventEnvelope } from '@lexfin/contracts';
import { formatMinorAmount } from '@lexfin/money';
import type { Messaging, Publisher } from '@lexfin/messaging';
import { inFirmTransaction, type OutboxRelay } from '@lexfin/persistence';
import { createLogger, type HttpApp, type Role } from '@lexfin/platform';
import { startService } from '@lexfin/service-kit';
import {
  createTestMessaging,
  createTestDatabase,
  graphqlClient,
  mintToken,
  uniqueName,
  uniqueRedisPrefix,
  type GraphQLClient,
  type TestDatabase,
} from '@lexfin/testing';
import { billingReplicaHandlers } from '../src/consumers/billing-replica';
import { appendOnlyTables, trustMigrations } from '../src/db/migrations';
import type { TrustDependencies } from '../src/app/trust-scope';
import type { TrustDatabase } from '../src/db/schema';
import { trustAccountingService } from '../src/service';

export interface TrustHarness {
  database: TestDatabase<TrustDatabase>;
  app: HttpApp;
  /** The service's own dependencies, for tests that run its commands directly. */
  deps: TrustDependencies;
  url: string;
  messaging: Messaging;
  /** A GraphQL client acting for `firmId` with `roles` (a new user unless `userId` is given). */
  as(firmId: string, roles: Role[], userId?: string, clientId?: string): Promise<GraphQLClient>;
  /** Publishes billing events on Kafka, as billing would. */
  publish(events: EventEnvelope<unknown>[]): Promise<void>;
  /** Applies billing events through the consumer's own handlers, without Kafka (fast set-up). */
  seedBilling(firmId: string, events: EventEnvelope<unknown>[]): Promise<void>;
  /** An invoice billing issued for `openMinor` (USD), applied as its event would be. */
  seedInvoice(firmId: string, matter: OpenedMatter, openMinor: bigint): Promise<string>;
  /** The service's outbox relay, running from the start when asked for with `relay: true`. */
  startRelay(): Promise<OutboxRelay>;
  close(): Promise<void>;
}

/**
 * The service as it runs, on a fresh database. Its outbox relay and billing replica consumer stay
 * off unless a test asks, since most tests read the outbox and apply billing's events directly
 * (faster, nothing to wait for); the reconciliation sweep always, as its test runs its own. They
 * are chosen at the start: a restart would rejoin the consumer group, which takes half a minute.
 */
export async function startTrustHarness(
  options: { replica?: boolean; relay?: boolean } = {},
): Promise<TrustHarness> {
  const database = await createTestDatabase<TrustDatabase>({
    label: 'trust',
    migrations: trustMigrations,
    appendOnlyTables,
  });
  const messaging = createTestMessaging(uniqueName('trust-test'));
  const service = await startService(trustAccountingService, {
    database: database.app,
    messaging,
    consumerGroupSuffix: uniqueName('-t'),
    redisPrefix: uniqueRedisPrefix(),
    logger: createLogger({ service: 'trust-test', level: 'silent' }),
    without: [
      'jobs',
      ...(options.replica ? [] : (['consumers'] as const)),
      ...(options.relay ? [] : (['relay'] as const)),
    ],
  });
  const url = `${service.url}/graphql`;
  let publisher: Publisher | undefined;
  const seedBilling = (firmId: string, events: EventEnvelope<unknown>[]) =>
    inFirmTransaction(database.app.db, firmId, async (tx) => {
      for (const event of events) await billingReplicaHandlers[event.type]!(tx, event);
    });
  return {
    database,
    app: service.app,
    deps: service.deps,
    url,
    messaging,
    async as(firmId, roles, userId, clientId) {
      return graphqlClient(url, await mintToken({ firmId, roles, userId, clientId }));
    },
    async publish(events) {
      publisher ??= await messaging.connectPublisher();
      await publisher.publish(events.map(encodeEvent));
    },
    seedBilling,
    async seedInvoice(firmId, matter, openMinor) {
      const event = invoiceIssuedEvent(firmId, matter, formatMinorAmount(openMinor, 'USD'));
      await seedBilling(firmId, [event]);
      return event.data.invoiceId;
    },
    async startRelay() {
      if (!service.relay) throw new Error('start the harness with { relay: true } for its relay');
      return service.relay;
    },
    async close() {
      await service.close();
      await publisher?.disconnect();
      await messaging.close();
      await database.drop();
    },
  };
}

export interface OpenedMatter {
  clientId: string;
  matterId: string;
}

/** Billing's events for a new client and matter of `firmId`. */
export function billingMatterEvents(
  firmId: string,
  options: { currency?: string; evergreenMinimum?: string | null } = {},
): { matter: OpenedMatter; events: EventEnvelope<unknown>[] } {
  const clientId = randomUUID();
  const matterId = randomUUID();
  const currency = options.currency ?? 'USD';
  const correlationId = randomUUID();
  const minimum = options.evergreenMinimum ?? null;
  return {
    matter: { clientId, matterId },
    events: [
      createEvent(billingEvents.clientCreatedV2, {
        firmId,
        subject: clientId,
        correlationId,
        data: {
          clientId,
          displayName: `Client ${clientId.slice(0, 8)}`,
          kind: 'PERSON',
          currency,
          timeZone: 'America/New_York',
          billingEmail: null,
          phone: null,
          postalAddress: null,
          preferredContactChannel: null,
          contactConsent: { email: false, sms: false, post: false },
          language: null,
          doNotContact: false,
          doNotContactReason: null,
        },
      }),
      createEvent(billingEvents.matterOpenedV2, {
        firmId,
        subject: matterId,
        correlationId,
        data: {
          matterId,
          clientId,
          matterNumber: `M-${matterId.slice(0, 6)}`,
          description: 'Estate of A. Client',
          billingArrangement: 'HOURLY',
          currency,
          paymentTermsDays: 30,
          evergreenRetainerMinimum: minimum === null ? null : { amount: minimum, currency },
          openedOn: '2026-01-02',
          responsiblePartnerId: randomUUID(),
          originatingTimekeeperId: null,
          practiceAreaId: randomUUID(),
          practiceArea: 'Estates',
        },
      }),
    ],
  };
}

/** Billing's event for an invoice of `total` USD on `matter`: v2, or v1 as published before it. */
export function invoiceIssuedEvent(
  firmId: string,
  matter: OpenedMatter,
  total: string,
  version: 1 | 2 = 2,
) {
  const invoiceId = randomUUID();
  const usd = (amount: string) => ({ amount, currency: 'USD' });
  const data = {
    invoiceId,
    invoiceNumber: `INV-${invoiceId.slice(0, 6)}`,
    ...matter,
    invoiceDate: '2026-03-01',
    dueDate: '2026-03-31',
    paymentTermsDays: 30,
    periodStart: '2026-02-01',
    periodEnd: '2026-02-28',
    total: usd(total),
    linesSummary: {
      lineCount: 1,
      fees: usd(total),
      expenses: usd('0.00'),
      tax: usd('0.00'),
      adjustments: usd('0.00'),
    },
  };
  const envelope = { firmId, subject: invoiceId, correlationId: randomUUID() };
  if (version === 1) return createEvent(billingEvents.invoiceIssued, { ...envelope, data });
  const billed = usd(total);
  return createEvent(billingEvents.invoiceIssuedV2, {
    ...envelope,
    data: {
      ...data,
      billedTimeEntries: [
        {
          timeEntryId: randomUUID(),
          recordedAmount: billed,
          billedBeforeAdjustment: billed,
          billedAfterAdjustment: billed,
        },
      ],
      billedExpenses: [],
    },
  });
}
