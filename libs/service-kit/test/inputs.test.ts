import { z } from 'zod';
import { BadUserInputError } from '@lexfin/platform';
import { input } from '../src';

/** The fields BAD_USER_INPUT names for `value`, or the parsed value when it is accepted. */
function fieldsOf(schema: z.ZodType, value: unknown): Record<string, string> {
  try {
    input.parseInput(schema, value);
  } catch (error) {
    if (error instanceof BadUserInputError) return error.fields;
    throw error;
  }
  throw new Error(`accepted ${JSON.stringify(value)}`);
}

describe('the input vocabulary', () => {
  it('reads money strictly and names the bound PostgreSQL can store', () => {
    const payment = z.object({ amount: input.money });
    expect(input.parseInput(payment, { amount: { amount: '1234.50', currency: 'USD' } })).toEqual({
      amount: expect.objectContaining({ minor: 123450n, currency: 'USD' }),
    });
    expect(
      fieldsOf(payment, { amount: { amount: '12345678901234567890', currency: 'USD' } }),
    ).toEqual({
      'amount.amount': 'must be at most 92233720368547758.07 USD either way',
    });
    expect(
      fieldsOf(payment, { amount: { amount: '-99999999999999999999', currency: 'JPY' } }),
    ).toEqual({
      'amount.amount': 'must be at most 9223372036854775807 JPY either way',
    });
    expect(fieldsOf(payment, { amount: { amount: '1e3', currency: 'USD' } })).toHaveProperty([
      'amount.amount',
    ]);
    expect(fieldsOf(payment, { amount: { amount: '1.005', currency: 'USD' } })).toEqual({
      'amount.amount': '"1.005" has 3 decimals but USD allows at most 2',
    });
    expect(fieldsOf(payment, { amount: { amount: '1.00', currency: 'XYZ' } })).toEqual({
      'amount.currency': '"XYZ" is not a known ISO 4217 currency code',
    });
    expect(
      fieldsOf(z.object({ fee: input.positiveMoney }), {
        fee: { amount: '0.00', currency: 'EUR' },
      }),
    ).toEqual({ 'fee.amount': 'must be more than zero' });
  });

  it('takes calendar dates that exist, and nothing else', () => {
    const schema = z.object({ on: input.date });
    expect(input.parseInput(schema, { on: '2024-02-29' })).toEqual({ on: '2024-02-29' });
    for (const on of [
      '2024-02-30',
      '2023-02-29',
      '2024-13-01',
      '24-01-01',
      '2024-01-01T00:00:00Z',
    ]) {
      expect(fieldsOf(schema, { on })).toEqual({
        on: 'must be a real calendar date in YYYY-MM-DD form',
      });
    }
  });

  it('takes UUIDs as ids and names the field of a bad one beside a good one', () => {
    const schema = z.object({ clientId: input.id, matterId: input.id });
    expect(
      fieldsOf(schema, { clientId: '0b6f7a52-5c0e-4f0c-9a55-0d5f3e2f5a11', matterId: 'matter-1' }),
    ).toEqual({ matterId: 'must be an id (UUID)' });
  });

  it('trims text, refuses empty, NUL, lone surrogates and overlong text', () => {
    const schema = z.object({ narrative: input.text });
    expect(input.parseInput(schema, { narrative: '  Drafted the motion ' })).toEqual({
      narrative: 'Drafted the motion',
    });
    expect(fieldsOf(schema, { narrative: '   ' })).toEqual({ narrative: 'must not be empty' });
    expect(fieldsOf(schema, { narrative: 'Drafted\u0000' })).toEqual({
      narrative: 'must not contain a NUL character',
    });
    expect(fieldsOf(schema, { narrative: 'Drafted \uD800' })).toEqual({
      narrative: 'must be valid Unicode text (no lone surrogate)',
    });
    expect(fieldsOf(schema, { narrative: 'x'.repeat(input.MAX_TEXT_LENGTH + 1) })).toEqual({
      narrative: `must be at most ${input.MAX_TEXT_LENGTH} characters`,
    });
    expect(input.parseInput(z.object({ note: input.optionalText }), { note: null })).toEqual({
      note: null,
    });
  });

  it('bounds idempotency keys and refuses NUL in them', () => {
    const schema = z.object({ idempotencyKey: input.idempotencyKey });
    expect(fieldsOf(schema, { idempotencyKey: '' })).toEqual({
      idempotencyKey: 'must not be empty',
    });
    expect(fieldsOf(schema, { idempotencyKey: 'k'.repeat(201) })).toEqual({
      idempotencyKey: 'must be at most 200 characters',
    });
    expect(fieldsOf(schema, { idempotencyKey: 'a\u0000b' })).toEqual({
      idempotencyKey: 'must not contain a NUL character',
    });
    expect(fieldsOf(schema, { idempotencyKey: 'key-\uDC00' })).toEqual({
      idempotencyKey: 'must be valid Unicode text (no lone surrogate)',
    });
  });

  it('lists the values an enum takes', () => {
    const schema = z.object({ status: input.oneOf(['OPEN', 'CLOSED']) });
    expect(fieldsOf(schema, { status: 'open' })).toEqual({ status: 'must be one of OPEN, CLOSED' });
  });

  it('bounds page sizes and defaults them', () => {
    const schema = z.object({ first: input.pageSize(500, 50) });
    expect(input.parseInput(schema, {})).toEqual({ first: 50 });
    for (const first of [0, 501, 2.5]) {
      expect(fieldsOf(schema, { first })).toEqual({
        first: 'must be a whole number from 1 to 500',
      });
    }
  });

  it('reads back its own cursors and refuses forged and foreign ones', () => {
    const invoices = input.keysetCursor('invoices', [z.iso.datetime(), input.id]);
    const receivables = input.keysetCursor('receivables', [input.date, input.id]);
    const key = ['2026-03-01T10:00:00.000Z', '0b6f7a52-5c0e-4f0c-9a55-0d5f3e2f5a11'] as const;
    const schema = z.object({ after: invoices.schema });
    expect(input.parseInput(schema, { after: invoices.encode([...key]) })).toEqual({ after: key });
    expect(input.parseInput(schema, { after: null })).toEqual({ after: undefined });
    const forged = Buffer.from(JSON.stringify(['invoices', 'yesterday', 'x'])).toString(
      'base64url',
    );
    const foreign = receivables.encode(['2026-03-01', key[1]]);
    for (const after of [forged, foreign, 'not base64 at all!', 'W10', 'x'.repeat(5000)]) {
      expect(fieldsOf(schema, { after })).toEqual({ after: 'is not a cursor this query returned' });
    }
  });
});
