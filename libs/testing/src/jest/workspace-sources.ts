import Module from 'node:module';
import { join } from 'node:path';

/**
 * Jest maps `@lexfin/*` to TypeScript sources for test files only; its global hooks resolve like
 * plain Node (to a package's dist/). Point them at the same sources, so a run never needs a build.
 */
const libsDir = join(__dirname, '..', '..', '..');
const moduleInternals = Module as unknown as {
  _resolveFilename(request: string, ...rest: unknown[]): string;
};
const resolveFilename = moduleInternals._resolveFilename;
moduleInternals._resolveFilename = function resolveWorkspaceSource(request, ...rest) {
  const workspacePackage = /^@lexfin\/([a-z-]+)$/.exec(request);
  if (workspacePackage) return join(libsDir, workspacePackage[1]!, 'src', 'index.ts');
  return resolveFilename.call(this, request, ...rest);
};
