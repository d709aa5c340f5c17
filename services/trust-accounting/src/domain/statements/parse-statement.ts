import { parseBai2 } from './bai2';
import { parseCamt053 } from './camt053';
import { parseCsv, type CsvMapping } from './csv';
import { parseOfx } from './ofx';
import type { ParsedStatement } from './statement';

export const STATEMENT_FORMATS = ['CSV', 'OFX', 'BAI2', 'CAMT053'] as const;
export type StatementFormat = (typeof STATEMENT_FORMATS)[number];

/** Parses a whole statement file, one statement per account, or throws naming where it is malformed. */
export function parseStatement(
  format: StatementFormat,
  content: string,
  currency: string,
  csvMapping: CsvMapping,
): ParsedStatement[] {
  switch (format) {
    case 'CSV':
      return parseCsv(content, csvMapping, currency);
    case 'OFX':
      return parseOfx(content);
    case 'BAI2':
      return parseBai2(content);
    case 'CAMT053':
      return parseCamt053(content);
  }
}
