import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Messaging } from '@lexfin/messaging';
import { createLogger } from '@lexfin/platform';
import { startService, type RunningService, type StartOptions } from '@lexfin/service-kit';
import {
  createTestDatabase,
  createTestMessaging,
  uniqueName,
  uniqueRedisPrefix,
  type TestDatabase,
} from '@lexfin/testing';
import type { BillingDatabase } from '../../services/billing/src/db/tables';
import { billingService } from '../../services/billing/src/service';
import type { CreditDatabase } from '../../services/credit-assessment/src/db/schema';
import { creditAssessmentService } from '../../services/credit-assessment/src/service';
import type { CollectionsDatabase } from '../../services/collections/src/db/schema';
import { collectionsService } from '../../services/collections/src/service';
import {
  composeDeclaredServices,
  restRoutesFile,
} from '../../services/gateway/src/supergraph/compose-supergraph';
import { gatewayService } from '../../services/gateway/src/service';
import type { TrustDatabase } from '../../services/trust-accounting/src/db/schema';
import { trustAccountingService } from '../../services/trust-accounting/src/service';
import type { WebhooksDatabase } from '../../services/webhooks/src/db/schema';
import { webhooksService } from '../../services/webhooks/src/service';

/** The services a firm front-end reaches through the gateway, each as `runService` starts it. */
export interface Platform {
  billing: RunningService<unknown>;
  trust: RunningService<unknown>;
  credit: RunningService<unknown>;
  collections: RunningService<unknown>;
  webhooks: RunningService<unknown>;
  gateway: RunningService<unknown>;
  /** The services' Kafka client, for tests that publish as a service would. */
  messaging: Messaging;
  /** `http://127.0.0.1:<port>` of the gateway. */
  gatewayUrl: string;
  billingDatabase: TestDatabase<BillingDatabase>;
  trustDatabase: TestDatabase<TrustDatabase>;
  creditDatabase: TestDatabase<CreditDatabase>;
  collectionsDatabase: TestDatabase<CollectionsDatabase>;
  webhooksDatabase: TestDatabase<WebhooksDatabase>;
  close(): Promise<void>;
}

export interface PlatformOptions {
  /** Variables every process reads on top of the test environment (production settings). */
  env?: NodeJS.ProcessEnv;
  /** Parts of the services a test leaves off (StartOptions.without). */
  without?: StartOptions['without'];
}

/**
 * Billing, trust-accounting, credit-assessment, collections, webhooks and the gateway on
 * 127.0.0.1, each on its own test
 * database, composed into a supergraph and a REST route list from their declarations as
 * `pnpm supergraph` composes them.
 */
export async function startPlatform(options: PlatformOptions = {}): Promise<Platform> {
  const env = { ...process.env, ...options.env };
  const logger = createLogger({ service: 'e2e', level: 'silent' });
  const [billingDatabase, trustDatabase, creditDatabase, collectionsDatabase, webhooksDatabase] =
    await Promise.all([
      createTestDatabase<BillingDatabase>({
        label: 'billing',
        migrations: billingService.database!.migrations,
      }),
      createTestDatabase<TrustDatabase>({
        label: 'trust',
        migrations: trustAccountingService.database!.migrations,
        appendOnlyTables: trustAccountingService.database!.appendOnlyTables,
      }),
      createTestDatabase<CreditDatabase>({
        label: 'credit',
        migrations: creditAssessmentService.database!.migrations,
        appendOnlyTables: creditAssessmentService.database!.appendOnlyTables,
      }),
      createTestDatabase<CollectionsDatabase>({
        label: 'collections',
        migrations: collectionsService.database!.migrations,
        appendOnlyTables: collectionsService.database!.appendOnlyTables,
      }),
      createTestDatabase<WebhooksDatabase>({
        label: 'webhooks',
        migrations: webhooksService.database!.migrations,
      }),
    ]);
  const messaging: Messaging = createTestMessaging(uniqueName('e2e'));
  const common = {
    env,
    messaging,
    logger,
    redisPrefix: uniqueRedisPrefix(),
    consumerGroupSuffix: `-${uniqueName('e2e')}`,
    ...(options.without ? { without: options.without } : {}),
  };
  const [billing, trust, credit, collections, webhooks] = await Promise.all([
    startService(billingService, { ...common, database: billingDatabase.app }),
    startService(trustAccountingService, { ...common, database: trustDatabase.app }),
    startService(creditAssessmentService, { ...common, database: creditDatabase.app }),
    startService(collectionsService, { ...common, database: collectionsDatabase.app }),
    startService(webhooksService, { ...common, database: webhooksDatabase.app }),
  ]);
  const services = [
    { name: billing.name, url: `${billing.url}/graphql`, declaration: billingService },
    { name: trust.name, url: `${trust.url}/graphql`, declaration: trustAccountingService },
    { name: credit.name, url: `${credit.url}/graphql`, declaration: creditAssessmentService },
    {
      name: collections.name,
      url: `${collections.url}/graphql`,
      declaration: collectionsService,
    },
    { name: webhooks.name, url: `${webhooks.url}/graphql`, declaration: webhooksService },
  ];
  const deploy = mkdtempSync(join(tmpdir(), 'lexfin-e2e-'));
  writeFileSync(join(deploy, 'supergraph.graphql'), composeDeclaredServices(services));
  writeFileSync(join(deploy, 'rest-routes.json'), restRoutesFile(services));
  const gateway = await startService(gatewayService, {
    env: {
      ...env,
      GATEWAY_SUPERGRAPH_FILE: join(deploy, 'supergraph.graphql'),
      GATEWAY_REST_ROUTES_FILE: join(deploy, 'rest-routes.json'),
    },
    logger,
  });
  return {
    billing,
    trust,
    credit,
    collections,
    webhooks,
    gateway,
    messaging,
    gatewayUrl: gateway.url,
    billingDatabase,
    trustDatabase,
    creditDatabase,
    collectionsDatabase,
    webhooksDatabase,
    async close() {
      await gateway.close();
      await Promise.all([
        billing.close(),
        trust.close(),
        credit.close(),
        collections.close(),
        webhooks.close(),
      ]);
      await messaging.close();
      await Promise.all([
        billingDatabase.drop(),
        trustDatabase.drop(),
        creditDatabase.drop(),
        collectionsDatabase.drop(),
        webhooksDatabase.drop(),
      ]);
      rmSync(deploy, { recursive: true, force: true });
    },
  };
}
