import type { RawBuilder } from 'kysely';
import type { BackendName, ChaosPlatform } from '../support/platform';

/** Rows of one service's database, read as its owner (every firm: the run's databases are its own). */
export async function rows<Row>(
  platform: ChaosPlatform,
  service: BackendName,
  query: RawBuilder<Row>,
): Promise<Row[]> {
  return (await query.execute(platform.databases[service].owner.db)).rows;
}
