import { parseBai2 } from '../../../src/domain/statements/bai2';
import { fixture, only, refusal } from './fixtures';

describe('BAI2 version 2 layouts', () => {
  it('reads the summaries after an empty (defaulted) summary group', () => {
    const statement = only(parseBai2(fixture('empty_summary_group.bai2')));
    expect(statement.closingBalanceMinor).toBe(120_000n);
    expect(statement.lines).toEqual([expect.objectContaining({ amountMinor: 20_000n })]);
  });

  it('reads a continued 03 record that ends with an extra comma before the slash', () => {
    const statement = only(parseBai2(fixture('continued_summary_extra_comma.bai2')));
    expect(statement.closingBalanceMinor).toBe(120_000n);
    expect(statement.lines).toEqual([expect.objectContaining({ amountMinor: 20_000n })]);
  });

  it.each([
    ['group_total_mismatch.bai2', 'line 6', 'group control total 140001'],
    ['group_record_count_mismatch.bai2', 'line 6', 'group record count 6'],
    ['file_total_mismatch.bai2', 'line 7', 'file control total 150000'],
    ['file_record_count_mismatch.bai2', 'line 7', 'file group count 2'],
    ['missing_group_trailer.bai2', 'line 6', 'no 98 group trailer'],
    ['version1.bai2', 'line 1 field 9', 'version 2'],
  ])('refuses %s, naming %s', (file, where, problem) => {
    expect(refusal(() => parseBai2(fixture(file)))).toEqual({
      [where]: expect.stringContaining(problem),
    });
  });
});
