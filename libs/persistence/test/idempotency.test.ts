import { randomUUID } from 'node:crypto';
import { ConflictError } from '@lexfin/platform';
import { createTestDatabase, type TestDatabase } from '@lexfin/testing';
import {
  claimIdempotencyKeys,
  inFirmTransaction,
  releaseIdempotencyKeys,
  runIdempotent,
  storeIdempotentResponses,
  type IdempotencyDatabase,
} from '../src';
import { testMigrations, type TestSchema } from './fixtures';

type Schema = TestSchema & IdempotencyDatabase;
let database: TestDatabase<Schema>;

beforeAll(async () => {
  database = await createTestDatabase<Schema>({ label: 'persistence', migrations: testMigrations });
});
afterAll(() => database.drop());

const firmId = randomUUID();

/** A stand-in for a money-moving command: it counts how often its effect really happened. */
function recordDeposit(key: string, amount: string, effects: { count: number }) {
  return inFirmTransaction(database.app.db, firmId, (tx) =>
    runIdempotent(
      tx,
      { firmId, key, operation: 'recordTrustDeposit', input: { amount, currency: 'USD' } },
      async () => {
        effects.count++;
        return { depositId: randomUUID(), amount };
      },
    ),
  );
}

describe('idempotency keys', () => {
  it('returns the first answer to a repeat with the same input and does nothing again', async () => {
    const effects = { count: 0 };
    const first = await recordDeposit('deposit-1', '100.00', effects);
    const second = await recordDeposit('deposit-1', '100.00', effects);
    expect(second).toEqual(first);
    expect(effects.count).toBe(1);
  });

  it('refuses the same key with different input as CONFLICT, changing nothing', async () => {
    const effects = { count: 0 };
    await recordDeposit('deposit-2', '100.00', effects);
    await expect(recordDeposit('deposit-2', '999.00', effects)).rejects.toThrow(ConflictError);
    expect(effects.count).toBe(1);
  });

  it('lets concurrent repeats take effect once', async () => {
    const effects = { count: 0 };
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => recordDeposit('deposit-3', '50.00', effects)),
    );
    expect(effects.count).toBe(1);
    expect(new Set(answers.map((answer) => answer.depositId)).size).toBe(1);
  });

  it('forgets a key whose command failed, so the caller can retry it', async () => {
    await expect(
      inFirmTransaction(database.app.db, firmId, (tx) =>
        runIdempotent(
          tx,
          { firmId, key: 'deposit-4', operation: 'recordTrustDeposit', input: {} },
          async () => {
            throw new Error('ledger is locked');
          },
        ),
      ),
    ).rejects.toThrow('ledger is locked');
    const effects = { count: 0 };
    await recordDeposit('deposit-4', '10.00', effects);
    expect(effects.count).toBe(1);
  });

  it("keeps each firm's keys apart: another firm may use the same key for its own request", async () => {
    await recordDeposit('shared-key', '1.00', { count: 0 });
    const otherFirm = randomUUID();
    const effects = { count: 0 };
    await inFirmTransaction(database.app.db, otherFirm, (tx) =>
      runIdempotent(
        tx,
        {
          firmId: otherFirm,
          key: 'shared-key',
          operation: 'recordTrustDeposit',
          input: { amount: '2.00' },
        },
        async () => {
          effects.count++;
        },
      ),
    );
    expect(effects.count).toBe(1);
  });

  describe('claimed together (a batch of requests in one transaction)', () => {
    const request = (key: string, amount: string) => ({
      key,
      operation: 'recordTrustDeposit',
      input: { amount, currency: 'USD' },
    });

    it('tells each request apart: new, answered before, or the key used for other input', async () => {
      await recordDeposit('batch-answered', '5.00', { count: 0 });
      await recordDeposit('batch-other-input', '5.00', { count: 0 });
      const claims = await inFirmTransaction(database.app.db, firmId, async (tx) => {
        const claimed = await claimIdempotencyKeys(tx, firmId, [
          request('batch-new', '1.00'),
          request('batch-answered', '5.00'),
          request('batch-other-input', '6.00'),
        ]);
        await storeIdempotentResponses(tx, firmId, [{ key: 'batch-new', response: { ok: 1 } }]);
        return claimed;
      });
      expect(claims[0]).toEqual({ status: 'claimed' });
      expect(claims[1]).toMatchObject({ status: 'repeat', response: { amount: '5.00' } });
      expect(claims[2]!.status).toBe('conflict');
      const again = await inFirmTransaction(database.app.db, firmId, (tx) =>
        claimIdempotencyKeys(tx, firmId, [request('batch-new', '1.00')]),
      );
      expect(again).toEqual([{ status: 'repeat', response: { ok: 1 } }]);
    });

    it('gives back the keys of requests that failed, keeping the others', async () => {
      await inFirmTransaction(database.app.db, firmId, async (tx) => {
        await claimIdempotencyKeys(tx, firmId, [
          request('batch-kept', '1.00'),
          request('batch-failed', '2.00'),
        ]);
        await storeIdempotentResponses(tx, firmId, [{ key: 'batch-kept', response: 'kept' }]);
        await releaseIdempotencyKeys(tx, firmId, ['batch-failed']);
      });
      const claims = await inFirmTransaction(database.app.db, firmId, (tx) =>
        claimIdempotencyKeys(tx, firmId, [
          request('batch-kept', '1.00'),
          request('batch-failed', '2.00'),
        ]),
      );
      expect(claims).toEqual([{ status: 'repeat', response: 'kept' }, { status: 'claimed' }]);
    });

    it('refuses the same key twice in one claim', async () => {
      await expect(
        inFirmTransaction(database.app.db, firmId, (tx) =>
          claimIdempotencyKeys(tx, firmId, [request('twice', '1.00'), request('twice', '1.00')]),
        ),
      ).rejects.toThrow('distinct');
    });
  });
});
