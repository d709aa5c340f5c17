/**
 * The layout rules of ../shared/ARCHITECTURE.md as ESLint configuration: a service never imports
 * another service; domain code imports nothing from app, the database, the faces, frameworks or
 * infrastructure libs (only @lexfin/platform/errors of platform); a face (graphql, http) never
 * imports another face; production code never imports the test harness.
 *
 * One `@typescript-eslint/no-restricted-imports` setting per folder: ESLint replaces a rule's
 * options when a later block matches the same file, so each block carries every restriction that
 * applies there. e2e/ and bench/ compose services on purpose and are not covered.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const rule = '@typescript-eslint/no-restricted-imports';

/** A relative import that climbs out of the current folder into `src/<folder>`. */
function intoSibling(folders) {
  return `^(\\.\\./)+(${folders.join('|')})(/|$)`;
}

const domainOnly = [
  {
    regex: intoSibling(['app', 'db', 'graphql', 'http', 'consumers', 'jobs', 'outbound']),
    message: 'Domain code is pure rules: it imports nothing from app, db, faces or adapters.',
  },
  {
    regex: '^(kysely|pg|fastify|graphql|bullmq|ioredis|kafkajs)(/.*)?$',
    message: 'Domain code does no I/O and uses no framework.',
  },
  { regex: '^@(apollo|fastify)/', message: 'Domain code uses no framework.' },
  {
    regex: '^@lexfin/platform$',
    message:
      "Import error classes from '@lexfin/platform/errors': the main entry loads fastify, jose and pino.",
  },
  {
    regex: '^@lexfin/(persistence|messaging|subgraph|jobs)(/.*)?$',
    message: 'Domain code does no I/O: persistence, messaging, subgraph and jobs belong to app/.',
  },
];

const notInProduction = [
  {
    regex: '^@lexfin/testing(/.*)?$',
    message: 'The test harness (mock broker, test databases) is for tests and scripts only.',
  },
];

const faceRule = (other) => [
  {
    regex: intoSibling([other]),
    message: 'A face (graphql, http) never imports another face: share through app/ or domain/.',
  },
];

function services(root) {
  const dir = join(root, 'services');
  return readdirSync(dir)
    .filter((folder) => existsSync(join(dir, folder, 'package.json')))
    .map((folder) => ({
      folder,
      packageName: JSON.parse(readFileSync(join(dir, folder, 'package.json'), 'utf8')).name,
    }));
}

function restrict(files, patterns) {
  return { files, rules: { [rule]: ['error', { patterns: patterns.map(exact) }] } };
}

function exact(pattern) {
  return { ...pattern, caseSensitive: true };
}

/** The boundary blocks for every service under `root/services`. */
export function boundaries(root) {
  const all = services(root);
  return all.flatMap(({ folder }) => {
    const others = all.filter((other) => other.folder !== folder);
    const crossService = [
      {
        regex: `^(\\.\\./)+(services/)?(${others.map((o) => o.folder).join('|')})(/|$)`,
        message: 'A service never imports another service; shared code lives in libs/.',
      },
      {
        regex: `^(${others.map((o) => o.packageName).join('|')})(/.*)?$`,
        message: 'A service never imports another service; shared code lives in libs/.',
      },
    ];
    const src = [...crossService, ...notInProduction];
    const at = `services/${folder}`;
    return [
      restrict([`${at}/**`], crossService),
      restrict([`${at}/src/**`], src),
      restrict([`${at}/src/domain/**`], [...src, ...domainOnly]),
      restrict([`${at}/src/graphql/**`], [...src, ...faceRule('http')]),
      restrict([`${at}/src/http/**`], [...src, ...faceRule('graphql')]),
    ];
  });
}

/** Library code outside the harness never imports it either. */
export function libraryBoundaries() {
  return [{ ...restrict(['libs/*/src/**'], notInProduction), ignores: ['libs/testing/**'] }];
}
