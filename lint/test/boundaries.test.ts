import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '@lexfin/testing';

/**
 * The layout rules (lint/boundaries.mjs) over small virtual files, each linted as if it lived at
 * its path with the repository's own eslint.config.mjs: what `pnpm lint` (and CI) would say.
 */
const cases = {
  domainImportsKysely: {
    filePath: 'services/billing/src/domain/fixture.ts',
    code: "import { sql } from 'kysely';\nexport const raw = sql;\n",
  },
  domainImportsPlatformMain: {
    filePath: 'services/trust-accounting/src/domain/statements/fixture.ts',
    code: "import { NotFoundError } from '@lexfin/platform';\nexport const error = NotFoundError;\n",
  },
  serviceImportsService: {
    filePath: 'services/billing/src/app/fixture.ts',
    code: "import { a } from '../../../trust-accounting/src/domain/a';\nimport { b } from '@lexfin/webhooks';\nexport const both = [a, b];\n",
  },
  faceImportsFace: {
    filePath: 'services/billing/src/graphql/fixture.ts',
    code: "import { routes } from '../http/routes';\nexport const again = routes;\n",
  },
  httpImportsGraphql: {
    filePath: 'services/webhooks/src/http/nested/fixture.ts',
    code: "import { schema } from '../../graphql/schema';\nexport const again = schema;\n",
  },
  cleanDomain: {
    filePath: 'services/billing/src/domain/fixture.ts',
    code: "import { Money } from '@lexfin/money';\nimport { DomainRuleError } from '@lexfin/platform/errors';\nimport { rule } from './rules';\nexport const used = [Money, DomainRuleError, rule];\n",
  },
};

let boundaryErrors: Record<keyof typeof cases, string[]>;

beforeAll(() => {
  const root = repoRoot();
  const output = execFileSync(process.execPath, [join(root, 'lint/lint-text.mjs')], {
    cwd: root,
    input: JSON.stringify(Object.values(cases)),
    encoding: 'utf8',
  });
  const results = JSON.parse(output) as Array<Array<{ ruleId: string | null; message: string }>>;
  boundaryErrors = Object.fromEntries(
    Object.keys(cases).map((name, i) => [
      name,
      results[i]!.filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports').map(
        (m) => m.message,
      ),
    ]),
  ) as typeof boundaryErrors;
}, 60_000);

it('domain code may not import kysely', () => {
  expect(boundaryErrors.domainImportsKysely).toEqual([
    expect.stringContaining('Domain code does no I/O'),
  ]);
});

it('domain code takes error classes from the light entry, not the main one', () => {
  expect(boundaryErrors.domainImportsPlatformMain).toEqual([
    expect.stringContaining("'@lexfin/platform/errors'"),
  ]);
});

it('a service may not import another service, by path or by package', () => {
  expect(boundaryErrors.serviceImportsService).toEqual([
    expect.stringContaining('never imports another service'),
    expect.stringContaining('never imports another service'),
  ]);
});

it('a face may not import another face', () => {
  expect(boundaryErrors.faceImportsFace).toEqual([
    expect.stringContaining('never imports another face'),
  ]);
  expect(boundaryErrors.httpImportsGraphql).toEqual([
    expect.stringContaining('never imports another face'),
  ]);
});

it('a domain file using money and the light error entry is clean', () => {
  expect(boundaryErrors.cleanDomain).toEqual([]);
});
