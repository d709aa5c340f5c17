import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildSubgraphSchema, printSubgraphSchema } from '@apollo/subgraph';
import { composeServices } from '@theguild/federation-composition';
import { parse, type DocumentNode } from 'graphql';
import { restRoutesOf, type ServiceDeclaration } from '@lexfin/service-kit';

/** One line of deploy/subgraphs.json: adding a service to the graph is adding one of these. */
export interface SubgraphEntry {
  name: string;
  /** Where the gateway calls it; each environment may override it (see the gateway's config). */
  url: string;
  /** The built module declaring the service (libs/service-kit), relative to the repository root. */
  serviceModule: string;
  /** The name the module exports the declaration under. */
  serviceExport: string;
}

/** What the gateway needs of a service's declaration: its subgraph and its REST routes. */
// Any service's dependencies: composition reads only its schema and route list.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type DeclaredService = Pick<ServiceDeclaration<any, any>, 'name' | 'subgraph' | 'routes'>;

export const SUBGRAPHS_PATH = 'deploy/subgraphs.json';
export const SUPERGRAPH_PATH = 'deploy/supergraph.graphql';
export const REST_ROUTES_PATH = 'deploy/rest-routes.json';

export class CompositionError extends Error {}

export function readSubgraphEntries(root: string): SubgraphEntry[] {
  return JSON.parse(readFileSync(join(root, SUBGRAPHS_PATH), 'utf8')) as SubgraphEntry[];
}

/** The declarations of the services listed in deploy/subgraphs.json (built modules). */
export async function loadDeclaredServices(
  root: string,
  entries: readonly SubgraphEntry[],
): Promise<Array<SubgraphEntry & { declaration: DeclaredService }>> {
  return Promise.all(
    entries.map(async (entry) => {
      const modulePath = join(root, entry.serviceModule);
      if (!existsSync(modulePath)) {
        throw new CompositionError(
          `${entry.name}: ${entry.serviceModule} does not exist; build first (pnpm build)`,
        );
      }
      const loaded = (await import(pathToFileURL(modulePath).href)) as Record<string, unknown>;
      const declaration = loaded[entry.serviceExport] as DeclaredService | undefined;
      if (declaration?.name !== entry.name || !declaration.subgraph) {
        throw new CompositionError(
          `${entry.name}: ${entry.serviceModule} exports no service declaration ${entry.serviceExport} named ${entry.name} with a subgraph`,
        );
      }
      return { ...entry, declaration };
    }),
  );
}

/** Composes the supergraph of the declared services. */
export function composeDeclaredServices(
  services: ReadonlyArray<{ name: string; url: string; declaration: DeclaredService }>,
): string {
  return composeSubgraphs(
    services.map((service) => ({
      name: service.name,
      url: service.url,
      typeDefs: service.declaration.subgraph!.typeDefs,
    })),
  );
}

/** deploy/rest-routes.json: every REST route the gateway serves on a service's behalf. */
export function restRoutesFile(services: ReadonlyArray<{ declaration: DeclaredService }>): string {
  return `${JSON.stringify(restRoutesOf(services.map((service) => service.declaration)), null, 2)}\n`;
}

/** Composes subgraph schemas into the supergraph SDL; any composition error is thrown, listed. */
export function composeSubgraphs(
  subgraphs: ReadonlyArray<{ name: string; url: string; typeDefs: DocumentNode }>,
): string {
  const services = subgraphs.map((subgraph) => ({
    name: subgraph.name,
    url: subgraph.url,
    typeDefs: parse(printSubgraphSchema(buildSubgraphSchema([{ typeDefs: subgraph.typeDefs }]))),
  }));
  const result = composeServices(services);
  if (result.errors) {
    throw new CompositionError(
      `the supergraph does not compose:\n${result.errors.map((error) => `- ${error.message}`).join('\n')}`,
    );
  }
  return `${result.supergraphSdl.trim()}\n`;
}

export function findRepositoryRoot(from: string = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no pnpm-workspace.yaml above ${from}`);
  }
}
