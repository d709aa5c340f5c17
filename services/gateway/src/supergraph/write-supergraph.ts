import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  composeDeclaredServices,
  findRepositoryRoot,
  loadDeclaredServices,
  readSubgraphEntries,
  REST_ROUTES_PATH,
  restRoutesFile,
  SUPERGRAPH_PATH,
} from './compose-supergraph';

/**
 * `pnpm supergraph`: composes deploy/supergraph.graphql and lists deploy/rest-routes.json from
 * the services named in deploy/subgraphs.json; with `--check` (CI) fails when composition fails
 * or a checked-in file is stale.
 */
async function main(args: readonly string[]): Promise<number> {
  const root = findRepositoryRoot();
  const files: Array<[path: string, content: string]> = [];
  try {
    const services = await loadDeclaredServices(root, readSubgraphEntries(root));
    files.push([SUPERGRAPH_PATH, composeDeclaredServices(services)]);
    files.push([REST_ROUTES_PATH, restRoutesFile(services)]);
  } catch (error) {
    console.error((error as Error).message);
    return 1;
  }
  if (args.includes('--check')) {
    for (const [path, content] of files) {
      const file = join(root, path);
      if (!existsSync(file) || readFileSync(file, 'utf8') !== content) {
        console.error(`${path} is out of date: run pnpm supergraph`);
        return 1;
      }
    }
    console.log(`${files.map(([path]) => path).join(' and ')} are up to date`);
    return 0;
  }
  for (const [path, content] of files) {
    writeFileSync(join(root, path), content);
    console.log(`wrote ${path}`);
  }
  return 0;
}

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
