import { randomUUID } from 'node:crypto';
import { waitUntil } from '@lexfin/testing';
import { openTrustAccount } from '../src/app/accounts';
import { recordTrustDeposit, type RecordTrustDepositInput } from '../src/app/journal/deposits';
import { recordBankCharge, transferTrustToOperating } from '../src/app/journal/payments-out';
import {
  recordTrustDisbursement,
  type RecordTrustDisbursementInput,
} from '../src/app/journal/disbursements';
import { verifyTrustJournal } from '../src/app/reports/ledger-reports';
import type { TrustScope } from '../src/app/trust-scope';
import {
  billingMatterEvents,
  startTrustHarness,
  type OpenedMatter,
  type TrustHarness,
} from './harness';

// Postings that arrive together on one trust account go in one transaction (group commit).
// These tests send many at once and check that each still has its own outcome.

let harness: TrustHarness;
let accountant: TrustScope;
let trustAccountId: string;
const firmId = randomUUID();

beforeAll(async () => {
  harness = await startTrustHarness();
  accountant = {
    ...harness.deps,
    caller: {
      kind: 'user',
      firmId,
      userId: randomUUID(),
      roles: ['trust_accountant'],
      correlationId: randomUUID(),
    },
  };
  trustAccountId = await openAccount('IOLTA', '4321');
});

afterAll(() => harness.close());

async function openAccount(name: string, accountLast4: string): Promise<string> {
  const account = await openTrustAccount(accountant, randomUUID(), {
    name,
    kind: 'IOLTA',
    currency: 'USD',
    bankName: 'First Harbour Bank',
    accountLast4,
    disbursementApprovalThresholdMinor: 1_000_000n,
    immediatelyAvailableMethods: ['WIRE'],
  });
  return account.id;
}

async function openedMatter(): Promise<OpenedMatter> {
  const { matter, events } = billingMatterEvents(firmId);
  await harness.seedBilling(firmId, events);
  return matter;
}

function depositInput(matter: OpenedMatter, amountMinor: bigint): RecordTrustDepositInput {
  return {
    trustAccountId,
    fundsOwner: 'CLIENT',
    ...matter,
    amountMinor,
    currency: 'USD',
    method: 'WIRE',
    receivedOn: '2026-03-02',
    payor: 'A. Client',
  };
}

function disbursementInput(
  matter: OpenedMatter,
  amountMinor: bigint,
): RecordTrustDisbursementInput {
  return {
    trustAccountId,
    ...matter,
    amountMinor,
    currency: 'USD',
    payee: 'County Recorder',
    purpose: 'Filing fee',
    method: 'ACH',
    paidOn: '2026-03-05',
  };
}

async function journal() {
  return harness.database.owner.db
    .selectFrom('journal_entries')
    .selectAll()
    .where('trust_account_id', '=', trustAccountId)
    .orderBy('sequence')
    .execute();
}

async function ledgerBalances(): Promise<Map<string, bigint>> {
  const rows = await harness.database.owner.db
    .selectFrom('ledgers')
    .select(['id', 'balance_minor'])
    .where('trust_account_id', '=', trustAccountId)
    .execute();
  return new Map(rows.map((row) => [row.id, row.balance_minor]));
}

describe('postings sent together on one trust account', () => {
  it('each keep their own outcome, and the journal, ledgers and events agree', async () => {
    const busy = await openedMatter();
    const others = await Promise.all(Array.from({ length: 5 }, openedMatter));
    await recordTrustDeposit(accountant, randomUUID(), depositInput(busy, 10_000n));
    const before = (await journal()).length;

    const unknownMatter = { clientId: randomUUID(), matterId: randomUUID() };
    const sent = [
      ...Array.from({ length: 40 }, () => ({
        kind: 'busy payment',
        run: () =>
          recordTrustDisbursement(accountant, randomUUID(), disbursementInput(busy, 3_000n)),
      })),
      ...others.flatMap((matter) =>
        Array.from({ length: 8 }, () => ({
          kind: 'deposit',
          run: () => recordTrustDeposit(accountant, randomUUID(), depositInput(matter, 2_500n)),
        })),
      ),
      {
        kind: 'unknown matter',
        run: () => recordTrustDeposit(accountant, randomUUID(), depositInput(unknownMatter, 100n)),
      },
      {
        kind: 'wrong currency',
        run: () =>
          recordTrustDeposit(accountant, randomUUID(), {
            ...depositInput(others[0]!, 100n),
            currency: 'EUR',
          }),
      },
    ];
    const settled = await Promise.allSettled(sent.map((command) => command.run()));
    const outcome = (kind: string) => settled.filter((result, index) => sent[index]!.kind === kind);
    const codeOf = (result: PromiseSettledResult<unknown>) =>
      result.status === 'rejected' ? (result.reason as { code?: string }).code : 'OK';

    // 100.00 covers exactly three 30.00 payments, whichever batch they landed in.
    const payments = outcome('busy payment').map(codeOf);
    expect(payments.filter((code) => code === 'OK')).toHaveLength(3);
    expect(new Set(payments.filter((code) => code !== 'OK'))).toEqual(
      new Set(['INSUFFICIENT_TRUST_FUNDS']),
    );
    expect(outcome('deposit').map(codeOf)).toEqual(Array(40).fill('OK'));
    expect(outcome('unknown matter').map(codeOf)).toEqual(['NOT_FOUND']);
    expect(outcome('wrong currency').map(codeOf)).toEqual(['BAD_USER_INPUT']);

    const entries = await journal();
    const added = entries.slice(before);
    expect(added).toHaveLength(3 + 40);
    // The commands really shared transactions (one batch stamps one time on its entries).
    expect(new Set(added.map((entry) => entry.recorded_at.getTime())).size).toBeLessThan(
      added.length,
    );
    expect(entries.map((entry) => entry.sequence)).toEqual(
      entries.map((_, index) => BigInt(index + 1)),
    );
    expect(await verifyTrustJournal(accountant, trustAccountId)).toMatchObject({ valid: true });

    const sums = new Map<string, bigint>();
    for (const entry of entries) {
      sums.set(entry.ledger_id, (sums.get(entry.ledger_id) ?? 0n) + entry.amount_minor);
    }
    const balances = await ledgerBalances();
    for (const [ledgerId, sum] of sums) expect(balances.get(ledgerId)).toBe(sum);
    expect(balances.get(entries[0]!.ledger_id)).toBe(1_000n);

    const events = await harness.database.owner.db
      .selectFrom('outbox')
      .select(['event_type'])
      .where('event_type', 'in', [
        'lexfin.trust.deposit.recorded.v1',
        'lexfin.trust.disbursement.recorded.v1',
      ])
      .execute();
    expect(events).toHaveLength(entries.length);
  });

  it('gives a refused command its key back, so the same request can succeed later', async () => {
    const matter = await openedMatter();
    const key = randomUUID();
    await expect(
      recordTrustDisbursement(accountant, key, disbursementInput(matter, 5_000n)),
    ).rejects.toMatchObject({ code: 'INSUFFICIENT_TRUST_FUNDS' });
    await recordTrustDeposit(accountant, randomUUID(), depositInput(matter, 5_000n));
    const paid = await recordTrustDisbursement(accountant, key, disbursementInput(matter, 5_000n));
    expect(paid.status).toBe('RECORDED');
  });

  it('posts a key sent many times at once only once, and answers every copy the same', async () => {
    const matter = await openedMatter();
    const key = randomUUID();
    const answers = await Promise.all(
      Array.from({ length: 12 }, () =>
        recordTrustDeposit(accountant, key, depositInput(matter, 1_000n)),
      ),
    );
    expect(new Set(answers.map((answer) => answer.id)).size).toBe(1);
    const entries = (await journal()).filter((entry) => entry.matter_id === matter.matterId);
    expect(entries).toHaveLength(1);
  });

  it('fails only the command the database refuses; the others in its batch are posted', async () => {
    const matter = await openedMatter();
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, index) =>
        recordTrustDeposit(accountant, randomUUID(), {
          ...depositInput(matter, 1_000n),
          // PostgreSQL refuses a NUL character in text: the batch's insert fails as a whole.
          payor: index === 7 ? 'A.\u0000Client' : 'A. Client',
        }),
      ),
    );
    expect(results.filter((result) => result.status === 'rejected')).toHaveLength(1);
    expect(results[7]!.status).toBe('rejected');
    const entries = (await journal()).filter((entry) => entry.matter_id === matter.matterId);
    expect(entries).toHaveLength(19);
    expect(await verifyTrustJournal(accountant, trustAccountId)).toMatchObject({ valid: true });
  });

  it("pays bank charges sent together from the firm's own money, never beyond it", async () => {
    await recordTrustDeposit(accountant, randomUUID(), {
      trustAccountId,
      fundsOwner: 'FIRM',
      amountMinor: 5_000n,
      currency: 'USD',
      method: 'WIRE',
      receivedOn: '2026-03-02',
      payor: 'The firm',
    });
    const charges = await Promise.allSettled(
      Array.from({ length: 12 }, () =>
        recordBankCharge(accountant, randomUUID(), {
          trustAccountId,
          amountMinor: 1_000n,
          currency: 'USD',
          chargedOn: '2026-03-04',
          description: 'Wire fee',
        }),
      ),
    );
    expect(charges.filter((charge) => charge.status === 'fulfilled')).toHaveLength(5);
    const firmFunds = await harness.database.owner.db
      .selectFrom('ledgers')
      .select('balance_minor')
      .where('trust_account_id', '=', trustAccountId)
      .where('kind', '=', 'FIRM_FUNDS')
      .executeTakeFirstOrThrow();
    expect(firmFunds.balance_minor).toBe(0n);
    expect(await verifyTrustJournal(accountant, trustAccountId)).toMatchObject({ valid: true });
  });

  it("holds transfers to operating sent together to the invoice's open amount", async () => {
    const matter = await openedMatter();
    await recordTrustDeposit(accountant, randomUUID(), depositInput(matter, 100_000n));
    const invoiceId = await harness.seedInvoice(firmId, matter, 10_000n);
    const transfers = await Promise.allSettled(
      Array.from({ length: 20 }, () =>
        transferTrustToOperating(accountant, randomUUID(), {
          trustAccountId,
          invoiceId,
          amountMinor: 3_000n,
          currency: 'USD',
          transferredOn: '2026-03-06',
        }),
      ),
    );
    const refused = transfers.flatMap((transfer) =>
      transfer.status === 'rejected' ? [(transfer.reason as { code: string }).code] : [],
    );
    expect(transfers.length - refused.length).toBe(3);
    expect(new Set(refused)).toEqual(new Set(['OVER_TRANSFER']));
    const invoice = await harness.database.owner.db
      .selectFrom('invoices')
      .select('unapplied_transfers_minor')
      .where('invoice_id', '=', invoiceId)
      .executeTakeFirstOrThrow();
    expect(invoice.unapplied_transfers_minor).toBe(9_000n);
    const recorded = await harness.database.owner.db
      .selectFrom('operating_transfers')
      .select('transfer_id')
      .where('invoice_id', '=', invoiceId)
      .execute();
    expect(recorded).toHaveLength(3);
  });

  it('refuses a posting into a period signed off while its batch waited for the account', async () => {
    const secondAccountId = await openAccount('Second IOLTA', '9876');
    const matter = await openedMatter();
    // A sign-off in progress: it holds the account row and freezes March.
    const signOff = await harness.database.owner.pool.connect();
    try {
      await signOff.query('begin');
      await signOff.query(`update trust_accounts set locked_through = '2026-03-31' where id = $1`, [
        secondAccountId,
      ]);
      const deposit = recordTrustDeposit(accountant, randomUUID(), {
        ...depositInput(matter, 1_000n),
        trustAccountId: secondAccountId,
      });
      await waitUntil(async () => {
        const waiting = await harness.database.owner.pool.query(
          `select 1 from pg_stat_activity
           where datname = current_database() and wait_event_type = 'Lock'`,
        );
        return (waiting.rowCount ?? 0) > 0;
      });
      await signOff.query('commit');
      await expect(deposit).rejects.toMatchObject({ code: 'PERIOD_LOCKED' });
    } finally {
      signOff.release();
    }
    const entries = await harness.database.owner.db
      .selectFrom('journal_entries')
      .select('id')
      .where('trust_account_id', '=', secondAccountId)
      .execute();
    expect(entries).toHaveLength(0);
  });
});

it("records an entry at the service clock's time, as the audit trail shows it", async () => {
  const matter = await openedMatter();
  const at = new Date('2026-03-02T14:05:06.789Z');
  const deposited = await recordTrustDeposit(
    { ...accountant, clock: () => at },
    randomUUID(),
    depositInput(matter, 12_300n),
  );
  const [entry] = (await journal()).filter((row) => row.id === deposited.entryId);
  expect(entry!.recorded_at).toEqual(at);
});
