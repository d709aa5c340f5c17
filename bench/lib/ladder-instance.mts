/**
 * One service instance's ladder in a worker thread, as each instance's job runs it in production:
 * sweeps the due clients (several sweeps at once) until none is left, sending by its own pooled
 * SMTP transport. Instances share the agenda: a client leased by one is skipped by the others.
 */
import { parentPort, threadId, workerData } from 'node:worker_threads';
import { createLogger } from '@lexfin/platform';
import { createDatabase } from '@lexfin/persistence';
import { runDueSteps } from '../../services/collections/dist/app/cases/ladder-step.js';
import { createCollectionDelivery } from '../../services/collections/dist/delivery/index.js';
import type { CollectionsDatabase } from '../../services/collections/dist/db/schema.js';
import { startCpuMeter } from './cpu-meter.mts';

export interface InstanceSetup {
  databaseUrl: string;
  smtpUrl: string;
  /** The instance's clock, fixed: ISO instant. */
  now: string;
  smtpMaxConnections: number;
  sweepsAtOnce: number;
  /** Clients one sweep leases, as the production job's limit. */
  sweepLimit: number;
}

export interface InstanceResult {
  sent: number;
  /** Anything but SENT: the bench expects none. */
  other: Record<string, number>;
  /** CPU time of this thread, ms. */
  cpuMs: number;
  /** CPU time of the PostgreSQL backends of this instance's connections, ms. */
  postgresCpuMs: number;
}

const setup = workerData as InstanceSetup;
// Named per instance, so each measures its own backends.
const applicationName = `bench-ladder-${threadId}`;
const database = createDatabase<CollectionsDatabase>({
  url: setup.databaseUrl,
  applicationName,
});
const delivery = createCollectionDelivery(
  {
    smtpUrl: setup.smtpUrl,
    mailFrom: 'Accounts <a@lexfin.invalid>',
    smsUrl: null,
    smsToken: null,
    smtpMaxConnections: setup.smtpMaxConnections,
  },
  createLogger({ service: 'bench', level: 'silent' }),
);
const deps = {
  db: database.db,
  clock: () => new Date(setup.now),
  delivery,
  optOutBaseUrl: null,
};
const result: InstanceResult = { sent: 0, other: {}, cpuMs: 0, postgresCpuMs: 0 };
// Loaded and connected: the bench starts its clock once every instance is, and says go.
await database.db.selectFrom('sweep_firms').select('firm_id').execute();
const go = new Promise((resolve) => parentPort!.once('message', resolve));
parentPort!.postMessage('ready');
await go;
const stopCpuMeter = await startCpuMeter(database.db, { applicationName });
const sweep = async () => {
  for (;;) {
    const counts = await runDueSteps(deps, { limit: setup.sweepLimit });
    const taken = Object.values(counts).reduce((sum, count) => sum + count, 0);
    if (taken === 0) return;
    result.sent += counts.SENT;
    for (const [outcome, count] of Object.entries(counts)) {
      if (outcome !== 'SENT' && count > 0)
        result.other[outcome] = (result.other[outcome] ?? 0) + count;
    }
  }
};
await Promise.all(Array.from({ length: setup.sweepsAtOnce }, sweep));
const cpu = await stopCpuMeter(1);
result.cpuMs = cpu.nodeMs;
result.postgresCpuMs = cpu.postgresMs;
await delivery.close();
await database.close();
parentPort!.postMessage(result);
