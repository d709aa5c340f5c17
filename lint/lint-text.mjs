/**
 * Lints source texts as if they lived at the given paths, with the repository's eslint.config.mjs:
 * stdin is `[{ filePath, code }]`, stdout the rule ids and messages of each. It runs as its own
 * process because ESLint loads its configuration with import(), which jest's module system lacks.
 */
import { text } from 'node:stream/consumers';
import { ESLint } from 'eslint';

const eslint = new ESLint({ cwd: import.meta.dirname + '/..' });
const cases = JSON.parse(await text(process.stdin));
const results = [];
for (const { filePath, code } of cases) {
  const [result] = await eslint.lintText(code, { filePath });
  results.push(result.messages.map(({ ruleId, message }) => ({ ruleId, message })));
}
process.stdout.write(JSON.stringify(results));
