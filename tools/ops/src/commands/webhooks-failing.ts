import { sql, type Kysely } from 'kysely';
import { bindFirm, createDatabase } from '@lexfin/persistence';
import { serviceDatabases } from '../config';
import type { OpsIo } from '../io';
import { table } from '../table';

interface FailingEndpoint {
  firm_id: string;
  id: string;
  url: string;
  status: string;
  disabled_reason: string | null;
  failing_since: Date | null;
  last_attempt_at: Date | null;
  response_code: number | null;
  last_error: string | null;
}

/**
 * `ops webhooks failing`: endpoints whose deliveries fail (or that were disabled for failing),
 * with their last attempt's answer and error, from the webhooks service's database. Across firms
 * it needs a role that bypasses row-level security; the app role sees one firm (`--firm`).
 */
export async function webhooksFailing(
  io: OpsIo,
  options: { firm?: string; json?: boolean },
): Promise<number> {
  const [webhooks] = serviceDatabases(io.env, 'webhooks');
  const database = createDatabase<unknown>({
    url: webhooks!.url,
    poolSize: 1,
    applicationName: 'lexfin-ops',
  });
  try {
    const endpoints = await database.db.transaction().execute(async (tx) => {
      if (options.firm !== undefined) await bindFirm(tx, options.firm);
      else if (!(await seesEveryFirm(tx))) return undefined;
      return failingEndpoints(tx);
    });
    if (!endpoints) {
      io.out(
        'this database role sees one firm at a time (row-level security): pass --firm <id>, or connect WEBHOOKS_DATABASE_URL as a role with BYPASSRLS',
      );
      return 2;
    }
    print(io, endpoints, options.json === true);
    return 0;
  } finally {
    await database.close();
  }
}

async function seesEveryFirm(db: Kysely<unknown>): Promise<boolean> {
  const { rows } = await sql<{ sees_all: boolean }>`
    select rolsuper or rolbypassrls as sees_all from pg_roles where rolname = current_user`.execute(
    db,
  );
  return rows[0]?.sees_all === true;
}

async function failingEndpoints(db: Kysely<unknown>): Promise<FailingEndpoint[]> {
  const { rows } = await sql<FailingEndpoint>`
    select e.firm_id, e.id, e.url, e.status, e.disabled_reason, e.failing_since,
      last.last_attempt_at, last.response_code, last.last_error
    from webhook_endpoints e
    left join lateral (
      select d.last_attempt_at, d.response_code, d.last_error from webhook_deliveries d
      where d.firm_id = e.firm_id and d.endpoint_id = e.id and d.last_attempt_at is not null
      order by d.last_attempt_at desc limit 1
    ) last on true
    where e.failing_since is not null
      or (e.status = 'DISABLED' and e.disabled_reason <> 'DISABLED_BY_USER')
    order by e.failing_since nulls last, e.firm_id, e.id`.execute(db);
  return rows;
}

function print(io: OpsIo, endpoints: readonly FailingEndpoint[], json: boolean): void {
  const iso = (at: Date | null) => at?.toISOString() ?? null;
  if (json) {
    for (const e of endpoints) {
      io.out(
        JSON.stringify({
          firmId: e.firm_id,
          endpointId: e.id,
          url: e.url,
          status: e.status,
          disabledReason: e.disabled_reason,
          failingSince: iso(e.failing_since),
          lastAttemptAt: iso(e.last_attempt_at),
          lastResponseCode: e.response_code,
          lastError: e.last_error,
        }),
      );
    }
    return;
  }
  const rows = endpoints.map((e) => [
    e.firm_id,
    e.id,
    e.url,
    e.disabled_reason ?? e.status,
    iso(e.failing_since) ?? '-',
    e.response_code === null ? '-' : String(e.response_code),
    (e.last_error ?? '-').slice(0, 80),
  ]);
  const header = ['FIRM', 'ENDPOINT', 'URL', 'STATUS', 'FAILING SINCE', 'CODE', 'LAST ERROR'];
  for (const line of table(header, rows)) io.out(line);
}
