import { parseBai2 } from '../../../src/domain/statements/bai2';
import { parseCamt053 } from '../../../src/domain/statements/camt053';
import { parseCsv, DEFAULT_CSV_MAPPING } from '../../../src/domain/statements/csv';
import { parseOfx } from '../../../src/domain/statements/ofx';
import { fixture, refusal } from './fixtures';

describe('hostile files are bad input, never internal errors', () => {
  it.each([
    'camt053_doctype_entity.xml',
    'camt053_external_entity.xml',
    'camt053_entity_expansion.xml',
  ])('refuses %s: a camt statement has no DOCTYPE', (file) => {
    expect(refusal(() => parseCamt053(fixture(file)))).toEqual({
      DOCTYPE: expect.stringContaining('DOCTYPE'),
    });
  });

  it('refuses camt nested deeper than any statement, naming the depth', () => {
    const deep = `<Document>${'<a>'.repeat(200_000)}${'</a>'.repeat(200_000)}</Document>`;
    expect(Object.values(refusal(() => parseCamt053(deep)))[0]).toContain('nested');
  });

  it.each([
    ['ofx211_lowercase_currency.ofx', '"usd"'],
    ['ofx211_unknown_currency.ofx', '"XYZ"'],
  ])('refuses %s, naming the currency', (file, quoted) => {
    expect(refusal(() => parseOfx(fixture(file)))).toEqual({
      CURDEF: expect.stringContaining(quoted),
    });
  });

  it.each([
    [
      'BAI2',
      (huge: string) => parseBai2(`01,0004,12345,260331,0829,001,80,1,2/\n02,1,2,1,${huge}/`),
    ],
    ['OFX', (huge: string) => parseOfx(fixture('ofx211_sample.ofx').replace('5000.00', huge))],
    [
      'CSV',
      (huge: string) =>
        parseCsv(`Date,Amount,Description\n2026-03-01,${huge},X`, DEFAULT_CSV_MAPPING, 'USD'),
    ],
  ])('quotes at most a few hundred characters of a 20 MB %s field', (_format, parse) => {
    const problems = Object.entries(refusal(() => parse('9'.repeat(20_000_000) + 'x')));
    expect(problems).toHaveLength(1);
    expect(problems[0]!.join(' ').length).toBeLessThan(500);
  });
});
