/**
 * pnpm bench trust [-- --seconds 10 --lines 100000]
 *
 * Trust postings through the service's commands (idempotency key, ledger update, hash-chained
 * journal entry, outbox event; postings that arrive together on an account are group-committed),
 * 64 concurrent clients on a pool of 10 connections as main.ts opens it:
 *  1. hot: every client deposits to and pays out of one matter's ledger;
 *  2. spread: the same across 10,000 matters.
 * After each, the account's hash chain is verified and every ledger checked against its entries.
 * Then three-way reconciliation of a month of `lines` statement lines (default 100,000) against
 * as many journal entries: import of the CSV, start (auto-match and report) and sign-off.
 */
import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { formatMinorAmount } from '@lexfin/money';
import { createDatabase } from '@lexfin/persistence';
import { sealedBoxFor, type Role } from '@lexfin/platform';
import { createTestDatabase } from '@lexfin/testing';
import { openTrustAccount } from '../services/trust-accounting/dist/app/accounts.js';
import { recordTrustDeposit } from '../services/trust-accounting/dist/app/journal/deposits.js';
import { recordTrustDisbursement } from '../services/trust-accounting/dist/app/journal/disbursements.js';
import {
  signOffTrustReconciliation,
  startTrustReconciliation,
} from '../services/trust-accounting/dist/app/reconciliation/reconciliations.js';
import { verifyTrustJournal } from '../services/trust-accounting/dist/app/reports/ledger-reports.js';
import { importBankStatement } from '../services/trust-accounting/dist/app/reconciliation/statement-import.js';
import {
  appendOnlyTables,
  trustMigrations,
} from '../services/trust-accounting/dist/db/migrations/index.js';
import { entryHash, GENESIS_HASH } from '../services/trust-accounting/dist/domain/hash-chain.js';
import { DEFAULT_CSV_MAPPING } from '../services/trust-accounting/dist/domain/statements/csv.js';
import type { TrustDatabase } from '../services/trust-accounting/dist/db/schema.js';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    lines: { type: 'string', default: '100000' },
  },
});
const seconds = Number(args.seconds);
const lineCount = Number(args.lines);
const CLIENTS = 64;
/** The machine is shared: the load before the run says what the figures were measured under. */
const loadBefore = loadavg()
  .map((value) => value.toFixed(2))
  .join(' ');
const SPREAD_MATTERS = 10_000;

const database = await createTestDatabase<TrustDatabase>({
  label: 'bench-trust',
  migrations: trustMigrations,
  appendOnlyTables,
});
const app = createDatabase<TrustDatabase>({ url: database.appUrl, applicationName: 'bench-trust' });
const owner = database.owner.db;
const firmId = randomUUID();
const accountNumbers = sealedBoxFor(undefined, 'trust account numbers');
const context = (roles: Role[]) => ({
  db: app.db,
  accountNumbers,
  clock: () => new Date(),
  caller: {
    kind: 'user' as const,
    firmId,
    userId: randomUUID(),
    roles,
    correlationId: randomUUID(),
  },
});
const accountant = context(['trust_accountant']);

async function openAccount(): Promise<string> {
  const account = await openTrustAccount(accountant, randomUUID(), {
    name: 'IOLTA',
    kind: 'IOLTA',
    currency: 'USD',
    bankName: 'Bench Bank',
    accountLast4: '1234',
    disbursementApprovalThresholdMinor: 100_000_000n,
    immediatelyAvailableMethods: ['WIRE', 'CASHIERS_CHECK'],
  });
  return account.id;
}

/** Billing's clients and matters, written straight into the replica. */
async function seedMatters(count: number): Promise<{ clientId: string; matterId: string }[]> {
  const matters = Array.from({ length: count }, () => ({
    clientId: randomUUID(),
    matterId: randomUUID(),
  }));
  const pool = database.owner.pool;
  await pool.query(
    `insert into clients (firm_id, client_id, display_name, currency)
     select $1::uuid, id, 'Client ' || left(id::text, 8), 'USD' from unnest($2::uuid[]) as ids(id)`,
    [firmId, matters.map((m) => m.clientId)],
  );
  await pool.query(
    `insert into matters (firm_id, matter_id, client_id, matter_number, description, currency)
     select $1::uuid, matter, client, 'M-' || left(matter::text, 6), 'Bench matter', 'USD'
     from unnest($2::uuid[], $3::uuid[]) as pairs(matter, client)`,
    [firmId, matters.map((m) => m.matterId), matters.map((m) => m.clientId)],
  );
  // As autovacuum would within a minute of billing's events: without statistics the planner
  // scans the whole replica for each batch's matters.
  await pool.query('analyze clients, matters');
  return matters;
}

/** 64 clients, each in a loop: a 100.00 wire in, then 40.00 out of the same matter. */
async function postings(trustAccountId: string, matters: { clientId: string; matterId: string }[]) {
  const deadline = performance.now() + seconds * 1_000;
  let posted = 0;
  let failed = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (performance.now() < deadline) {
        const matter = matters[Math.floor(Math.random() * matters.length)]!;
        try {
          await recordTrustDeposit(accountant, randomUUID(), {
            trustAccountId,
            fundsOwner: 'CLIENT',
            ...matter,
            amountMinor: 10_000n,
            currency: 'USD',
            method: 'WIRE',
            receivedOn: '2026-03-02',
            payor: 'Client',
          });
          posted += 1;
          await recordTrustDisbursement(accountant, randomUUID(), {
            trustAccountId,
            ...matter,
            amountMinor: 4_000n,
            currency: 'USD',
            payee: 'Court',
            purpose: 'Filing fee',
            method: 'ACH',
            paidOn: '2026-03-03',
          });
          posted += 1;
        } catch (error) {
          failed += 1;
          if (failed === 1) console.error(error);
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1_000;
  return { posted, failed, perSecond: posted / elapsed };
}

/** The figures count only if the journal is intact and every ledger equals its entries. */
async function integrity(trustAccountId: string): Promise<string> {
  const chain = await verifyTrustJournal(accountant, trustAccountId);
  const { rows } = await database.owner.pool.query<{ ledgers: string; off: string }>(
    `select count(*) as ledgers,
            count(*) filter (where l.balance_minor <> coalesce(j.total, 0)) as off
     from ledgers l
     left join (select ledger_id, sum(amount_minor) as total from journal_entries group by ledger_id) j
       on j.ledger_id = l.id
     where l.trust_account_id = $1`,
    [trustAccountId],
  );
  const verdict = chain.valid
    ? `hash chain valid over ${chain.entriesChecked} entries`
    : `HASH CHAIN BROKEN at ${chain.firstBadEntryId}: ${chain.problem}`;
  return `${verdict}; ledgers not equal to their entries: ${rows[0]!.off} of ${rows[0]!.ledgers}`;
}

const hotMatters = await seedMatters(1);
const hotAccount = await openAccount();
const hot = { ...(await postings(hotAccount, hotMatters)), integrity: await integrity(hotAccount) };
const spreadMatters = await seedMatters(SPREAD_MATTERS);
const spreadAccount = await openAccount();
const spread = {
  ...(await postings(spreadAccount, spreadMatters)),
  integrity: await integrity(spreadAccount),
};

/**
 * A month of journal entries written straight into the tables (hash chain included, as the
 * service would write it), and the bank's statement of them: each line posted 0 to 3 days after
 * its entry; the last days' entries are not at the bank yet (deposits in transit, outstanding
 * checks).
 */
async function seedMonth(trustAccountId: string) {
  const ledgerIds: string[] = [];
  const reconMatters = await seedMatters(1_000);
  for (const matter of reconMatters) {
    const id = randomUUID();
    ledgerIds.push(id);
    await owner
      .insertInto('ledgers')
      .values({
        firm_id: firmId,
        id,
        trust_account_id: trustAccountId,
        kind: 'CLIENT_MATTER',
        client_id: matter.clientId,
        matter_id: matter.matterId,
      })
      .execute();
  }
  const balances = new Map<string, bigint>();
  let previousHash = GENESIS_HASH;
  const rows = [];
  const csv = ['Date,Amount,Description,Reference,Check Number'];
  let statementBalance = 0n;
  const recordedAt = new Date();
  for (let index = 0; index < lineCount; index += 1) {
    const ledgerIndex = index % ledgerIds.length;
    const ledgerId = ledgerIds[ledgerIndex]!;
    const balance = balances.get(ledgerId) ?? 0n;
    const deposit = balance < 500_000n || index % 2 === 0;
    const amountMinor = deposit
      ? BigInt(10_000 + Math.floor(Math.random() * 490_000))
      : -BigInt(100 + Math.floor(Math.random() * Number(balance < 400_000n ? balance : 400_000n)));
    balances.set(ledgerId, balance + amountMinor);
    const day = 1 + Math.floor((index / lineCount) * 28);
    const effectiveDate = `2026-03-${String(day).padStart(2, '0')}`;
    const checkNumber = !deposit && index % 3 === 0 ? String(100_000 + index) : null;
    const entry = {
      id: randomUUID(),
      trustAccountId,
      sequence: BigInt(index + 1),
      ledgerId,
      clientId: reconMatters[ledgerIndex]!.clientId,
      matterId: reconMatters[ledgerIndex]!.matterId,
      entryType: deposit ? 'DEPOSIT' : 'DISBURSEMENT',
      amountMinor,
      currency: 'USD',
      effectiveDate,
      description: deposit ? 'Deposit by WIRE' : 'Disbursement',
      counterparty: null,
      paymentMethod: deposit ? 'WIRE' : checkNumber ? 'CHECK' : 'ACH',
      reference: checkNumber,
      invoiceId: null,
      sourceId: null,
      reversesEntryId: null,
      recordedBy: 'bench',
      recordedAt,
    };
    const hash = entryHash(entry, previousHash);
    rows.push({ entry, previousHash, hash });
    previousHash = hash;
    // The last 1% never reached the bank by the period end.
    if (index < lineCount * 0.99) {
      const posted = Math.min(31, day + Math.floor(Math.random() * 4));
      csv.push(
        `2026-03-${String(posted).padStart(2, '0')},${formatMinorAmount(amountMinor, 'USD')},BANK ${index},BK-${index},${checkNumber ?? ''}`,
      );
      statementBalance += amountMinor;
    }
  }
  for (let start = 0; start < rows.length; start += 2_000) {
    const batch = rows.slice(start, start + 2_000);
    await owner
      .insertInto('journal_entries')
      .values(
        batch.map(({ entry, previousHash: previous, hash }) => ({
          firm_id: firmId,
          id: entry.id,
          trust_account_id: trustAccountId,
          sequence: entry.sequence,
          ledger_id: entry.ledgerId,
          client_id: entry.clientId,
          matter_id: entry.matterId,
          entry_type: entry.entryType,
          amount_minor: entry.amountMinor,
          currency: 'USD',
          effective_date: entry.effectiveDate,
          description: entry.description,
          counterparty: null,
          payment_method: entry.paymentMethod,
          reference: entry.reference,
          invoice_id: null,
          source_id: null,
          reverses_entry_id: null,
          recorded_by: entry.recordedBy,
          recorded_at: entry.recordedAt,
          previous_hash: previous,
          hash,
        })),
      )
      .execute();
  }
  for (const [ledgerId, balance] of balances) {
    await owner
      .updateTable('ledgers')
      .set({ balance_minor: balance })
      .where('id', '=', ledgerId)
      .execute();
  }
  await owner
    .updateTable('trust_accounts')
    .set({ journal_sequence: BigInt(rows.length), journal_head_hash: previousHash })
    .where('id', '=', trustAccountId)
    .execute();
  return { csv: csv.join('\n'), statementBalance, bankLines: csv.length - 1 };
}

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, (performance.now() - started) / 1_000];
}

const reconAccount = await openAccount();
const month = await seedMonth(reconAccount);
const [, importSeconds] = await timed(() =>
  importBankStatement(accountant, randomUUID(), {
    trustAccountId: reconAccount,
    format: 'CSV',
    fileName: 'march.csv',
    content: month.csv,
    csvMapping: DEFAULT_CSV_MAPPING,
  }),
);
const [report, startSeconds] = await timed(() =>
  startTrustReconciliation(accountant, randomUUID(), {
    trustAccountId: reconAccount,
    periodEnd: '2026-03-31',
    statementBalanceMinor: month.statementBalance,
    currency: 'USD',
  }),
);
const [, signOffSeconds] = await timed(() =>
  signOffTrustReconciliation(context(['partner']), randomUUID(), { reconciliationId: report.id }),
);

await app.close();
await database.drop();

const rate = (
  name: string,
  result: { posted: number; failed: number; perSecond: number; integrity: string },
) =>
  `${name.padEnd(46)} ${Math.round(result.perSecond).toString().padStart(6)} postings/s  (${result.posted} in ${seconds} s, ${result.failed} failed; ${result.integrity})`;
console.log(
  `trust-accounting, ${CLIENTS} concurrent clients, load average before the run: ${loadBefore}`,
);
console.log(rate('hot: one matter', hot));
console.log(rate(`spread: ${SPREAD_MATTERS.toLocaleString('en')} matters`, spread));
console.log(
  `reconciliation of ${month.bankLines.toLocaleString('en')} statement lines / ${lineCount.toLocaleString('en')} entries: ` +
    `import ${importSeconds.toFixed(2)} s, start (auto-match ${report.matchedLines.toLocaleString('en')} + report) ${startSeconds.toFixed(2)} s, sign-off ${signOffSeconds.toFixed(2)} s; ` +
    `in transit ${report.depositsInTransit.length}, outstanding ${report.outstandingChecks.length}, unmatched bank lines ${report.unmatchedBankLines.length}, balanced ${report.balanced}`,
);
