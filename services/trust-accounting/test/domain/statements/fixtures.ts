import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ParsedStatement } from '../../../src/domain/statements/statement';

/** A statement fixture of this service's own (test/fixtures/statements). */
export const fixture = (name: string) =>
  readFileSync(join(__dirname, '../../fixtures/statements', name), 'utf8');

/** The one account's statement of a file that must hold exactly one. */
export function only(statements: readonly ParsedStatement[]): ParsedStatement {
  expect(statements).toHaveLength(1);
  return statements[0]!;
}

/** The fields of the BAD_USER_INPUT error `act` throws; fails the test if it throws none. */
export function refusal(act: () => unknown): Record<string, string> {
  try {
    act();
  } catch (error) {
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT' });
    return (error as { fields: Record<string, string> }).fields;
  }
  throw new Error('expected the file to be refused');
}
