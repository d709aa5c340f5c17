/**
 * CPU time spent while a part of a benchmark runs, per request: this process's main thread (the
 * service, plus autocannon's client when it runs in the same thread) and the PostgreSQL backends
 * connected to the benchmark's database. On a shared machine these say more than requests/s.
 */
import { readFileSync } from 'node:fs';
import { sql, type Kysely } from 'kysely';

/** utime + stime of a process in ms (0 if it is gone); fields 14 and 15 of /proc/<pid>/stat. */
function processCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return 0;
  }
}

async function backendsCpuMs<DB>(
  db: Kysely<DB>,
  applicationName: string | null,
): Promise<Map<number, number>> {
  const { rows } = await sql<{ pid: number }>`select pid from pg_stat_activity
    where datname = current_database() and pid <> pg_backend_pid()
      and (${applicationName}::text is null or application_name = ${applicationName})`.execute(db);
  return new Map(rows.map(({ pid }) => [pid, processCpuMs(pid)]));
}

export interface CpuPerRequest {
  nodeMs: number;
  postgresMs: number;
}

/**
 * Starts measuring; the returned function ends it and divides by the requests answered. With
 * `applicationName`, only the backends of the connections so named (one pool's, when several
 * measure at once).
 */
export async function startCpuMeter<DB>(
  db: Kysely<DB>,
  options: { applicationName?: string } = {},
): Promise<(requests: number) => Promise<CpuPerRequest>> {
  const applicationName = options.applicationName ?? null;
  const node = process.threadCpuUsage();
  const backends = await backendsCpuMs(db, applicationName);
  return async (requests) => {
    const nodeUsed = process.threadCpuUsage(node);
    let postgresMs = 0;
    for (const [pid, ms] of await backendsCpuMs(db, applicationName))
      postgresMs += ms - (backends.get(pid) ?? 0);
    return {
      nodeMs: (nodeUsed.user + nodeUsed.system) / 1000 / requests,
      postgresMs: postgresMs / requests,
    };
  };
}
