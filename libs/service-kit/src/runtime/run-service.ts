import type { z } from 'zod';
import { runMigrations } from '@lexfin/persistence';
import { installGracefulShutdown, runMain } from '@lexfin/platform';
import type { ServiceDeclaration } from '../declaration';
import { prepareService, type RunningService, type StartOptions } from './prepare-service';

/**
 * A service's main: configuration errors exit 78 and unreachable dependencies 69, each as one
 * line; SIGTERM/SIGINT shut down in order from the first moment, even while still starting.
 * `main.js migrate` brings the service's database to its latest schema instead, and exits.
 */
export function runService<Deps, Shape extends z.ZodRawShape>(
  declaration: ServiceDeclaration<Deps, Shape>,
  options: RunOptions = {},
): Promise<void> {
  const { args = process.argv.slice(2), exit, env } = options;
  return runMain(async () => {
    if (args[0] === 'migrate') {
      const database = declaration.database;
      if (database) {
        await runMigrations(
          {
            service: declaration.name,
            database: database.name,
            migrations: database.migrations,
            appendOnlyTables: database.appendOnlyTables ?? [],
          },
          env,
        );
      }
      return;
    }
    const prepared = prepareService(declaration, env === undefined ? {} : { env });
    installGracefulShutdown({
      logger: prepared.logger,
      app: prepared.app,
      steps: prepared.shutdownSteps,
    });
    await prepared.start();
  }, exit);
}

export interface RunOptions {
  /** process.argv's arguments; `migrate` runs the migrations instead of the service. */
  args?: readonly string[];
  env?: NodeJS.ProcessEnv;
  /** process.exit by default; tests of the start record the code instead. */
  exit?: (code: number) => never;
}

/**
 * The same service in a test or a benchmark: started as `runService` starts it, with what the
 * caller passes (its database, Kafka client, clock, Redis prefix, port 0), closed by the caller.
 */
export async function startService<Deps, Shape extends z.ZodRawShape>(
  declaration: ServiceDeclaration<Deps, Shape>,
  options: StartOptions = {},
): Promise<RunningService<Deps>> {
  const prepared = prepareService(declaration, {
    host: '127.0.0.1',
    port: 0,
    ...options,
  });
  const running = await prepared.start();
  // Only a shutdown step stops a start half-way, and tests run none before this returns.
  return running!;
}
