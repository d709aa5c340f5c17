import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildSubgraphSchema, printSubgraphSchema } from '@apollo/subgraph';
import { composeServices } from '@theguild/federation-composition';
import { parse, type DocumentNode } from 'graphql';

/** One line of deploy/subgraphs.json: adding a subgraph to the graph is adding one of these. */
export interface SubgraphEntry {
  name: string;
  /** Where the gateway calls it; each environment may override it (see the gateway's config). */
  url: string;
  /** The built module exporting the subgraph's `typeDefs`, relative to the repository root. */
  typeDefsModule: string;
}

export const SUBGRAPHS_PATH = 'deploy/subgraphs.json';
export const SUPERGRAPH_PATH = 'deploy/supergraph.graphql';

export class CompositionError extends Error {}

export function readSubgraphEntries(root: string): SubgraphEntry[] {
  return JSON.parse(readFileSync(join(root, SUBGRAPHS_PATH), 'utf8')) as SubgraphEntry[];
}

/** Composes the supergraph from the subgraphs listed in deploy/subgraphs.json (built modules). */
export async function composeSupergraph(
  root: string,
  entries: readonly SubgraphEntry[],
): Promise<string> {
  const subgraphs = await Promise.all(
    entries.map(async (entry) => {
      const modulePath = join(root, entry.typeDefsModule);
      if (!existsSync(modulePath)) {
        throw new CompositionError(
          `${entry.name}: ${entry.typeDefsModule} does not exist; build first (pnpm build)`,
        );
      }
      const loaded = (await import(pathToFileURL(modulePath).href)) as { typeDefs: DocumentNode };
      return { name: entry.name, url: entry.url, typeDefs: loaded.typeDefs };
    }),
  );
  return composeSubgraphs(subgraphs);
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
