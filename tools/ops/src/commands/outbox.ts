import { createDatabase, outboxBacklog } from '@lexfin/persistence';
import { serviceDatabases } from '../config';
import type { OpsIo } from '../io';
import { table } from '../table';
import { secondsBetween } from '../time';

interface Row {
  service: string;
  pending: number | null;
  oldestCreatedAt: string | null;
  oldestAgeSeconds: number | null;
  error?: string;
}

/** `ops outbox`: per service, events committed and not yet published, and the oldest one's age. */
export async function outbox(
  io: OpsIo,
  options: { service?: string; json?: boolean },
): Promise<number> {
  const rows: Row[] = [];
  for (const { service, url } of serviceDatabases(io.env, options.service)) {
    const database = createDatabase({ url, poolSize: 1, applicationName: 'lexfin-ops' });
    try {
      const backlog = await outboxBacklog(database.db);
      rows.push({
        service,
        pending: backlog.pending,
        oldestCreatedAt: backlog.oldestCreatedAt?.toISOString() ?? null,
        oldestAgeSeconds: backlog.oldestCreatedAt
          ? secondsBetween(backlog.oldestCreatedAt, io.now())
          : null,
      });
    } catch (error) {
      rows.push({
        service,
        pending: null,
        oldestCreatedAt: null,
        oldestAgeSeconds: null,
        error: (error as Error).message,
      });
    } finally {
      await database.close();
    }
  }
  if (options.json) {
    for (const row of rows) io.out(JSON.stringify(row));
  } else {
    const cells = rows.map((row) =>
      row.error === undefined
        ? [row.service, String(row.pending), row.oldestCreatedAt ?? '-', age(row.oldestAgeSeconds)]
        : [row.service, '?', '-', `unreachable: ${row.error}`],
    );
    for (const line of table(['SERVICE', 'PENDING', 'OLDEST', 'AGE'], cells)) io.out(line);
  }
  return rows.some((row) => row.error !== undefined) ? 1 : 0;
}

function age(seconds: number | null): string {
  return seconds === null ? '-' : `${seconds}s`;
}
