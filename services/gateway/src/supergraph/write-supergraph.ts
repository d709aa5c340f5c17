import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  composeSupergraph,
  findRepositoryRoot,
  readSubgraphEntries,
  SUPERGRAPH_PATH,
} from './compose-supergraph';

/**
 * `pnpm supergraph`: composes deploy/supergraph.graphql from deploy/subgraphs.json; with `--check`
 * (CI) fails when composition fails or the checked-in file is stale.
 */
async function main(args: readonly string[]): Promise<number> {
  const root = findRepositoryRoot();
  const file = join(root, SUPERGRAPH_PATH);
  let supergraph: string;
  try {
    supergraph = await composeSupergraph(root, readSubgraphEntries(root));
  } catch (error) {
    console.error((error as Error).message);
    return 1;
  }
  if (args.includes('--check')) {
    if (!existsSync(file) || readFileSync(file, 'utf8') !== supergraph) {
      console.error(`${SUPERGRAPH_PATH} is out of date: run pnpm supergraph`);
      return 1;
    }
    console.log(`${SUPERGRAPH_PATH} composes and is up to date`);
    return 0;
  }
  writeFileSync(file, supergraph);
  console.log(`wrote ${SUPERGRAPH_PATH}`);
  return 0;
}

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
