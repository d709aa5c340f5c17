import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { kafkaSettingsFromEnv, type KafkaSettings } from '@lexfin/messaging';
import { databaseUrlFor } from '@lexfin/persistence';

const defaultAdminUrl = 'postgres://postgres@127.0.0.1:5432/postgres';
const servicesDir = join(__dirname, '../../../services');

export interface ServiceDatabase {
  service: string;
  url: string;
}

/** Kafka as every Lexfin process reaches it (KAFKA_BROKERS, KAFKA_SSL, KAFKA_SASL_*...). */
export function opsKafkaSettings(env: NodeJS.ProcessEnv): KafkaSettings {
  return kafkaSettingsFromEnv('lexfin-ops', env);
}

/**
 * Each service's database, as `pnpm start` provisions it (the `lexfin.database` of its
 * package.json): `<SERVICE>_DATABASE_URL` (e.g. TRUST_ACCOUNTING_DATABASE_URL) when set, else that
 * database on the server of DATABASE_ADMIN_URL.
 */
export function serviceDatabases(env: NodeJS.ProcessEnv, only?: string): ServiceDatabase[] {
  const found: ServiceDatabase[] = [];
  for (const folder of readdirSync(servicesDir).sort()) {
    const database = databaseOf(folder);
    if (!database || (only !== undefined && only !== folder)) continue;
    const variable = `${folder.toUpperCase().replace(/-/g, '_')}_DATABASE_URL`;
    found.push({
      service: folder,
      url: env[variable] ?? databaseUrlFor(env.DATABASE_ADMIN_URL ?? defaultAdminUrl, database),
    });
  }
  if (only !== undefined && found.length === 0) {
    throw new Error(`no service '${only}' with a database under services/`);
  }
  return found;
}

function databaseOf(folder: string): string | undefined {
  try {
    const manifest = JSON.parse(readFileSync(join(servicesDir, folder, 'package.json'), 'utf8'));
    return manifest.lexfin?.database;
  } catch {
    return undefined;
  }
}
