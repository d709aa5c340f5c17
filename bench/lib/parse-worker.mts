/**
 * One parse of one generated file in a worker thread, so the bench can stop a parser that takes
 * too long (terminating the worker) and still report the others.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { parseLedes } from '../../services/billing/dist/domain/ledes/parse.js';
import { parseBai2 } from '../../services/trust-accounting/dist/domain/statements/bai2.js';
import { parseCamt053 } from '../../services/trust-accounting/dist/domain/statements/camt053.js';
import { parseOfx } from '../../services/trust-accounting/dist/domain/statements/ofx.js';

export type ParsedFormat = 'BAI2' | 'OFX' | 'camt.053' | 'LEDES';

const { format, content } = workerData as { format: ParsedFormat; content: string };

/** How many items the parser found: a sanity check that it read the whole file. */
function parse(): number {
  switch (format) {
    case 'BAI2':
      return parseBai2(content).reduce((sum, statement) => sum + statement.lines.length, 0);
    case 'OFX':
      return parseOfx(content).reduce((sum, statement) => sum + statement.lines.length, 0);
    case 'camt.053':
      return parseCamt053(content).reduce((sum, statement) => sum + statement.lines.length, 0);
    case 'LEDES': {
      const result = parseLedes(content);
      if (result.problems.length > 0) throw new Error(JSON.stringify(result.problems.slice(0, 3)));
      return result.invoices.reduce((sum, invoice) => sum + invoice.lines.length, 0);
    }
  }
}

const started = performance.now();
const items = parse();
parentPort!.postMessage({ items, seconds: (performance.now() - started) / 1000 });
