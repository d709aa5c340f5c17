import { z } from 'zod';
import { input, type Caller } from '@lexfin/service-kit';
import { moneyOutput } from '@lexfin/subgraph';
import { createClient, updateClient } from '../app/clients';
import { firmSettings, updateFirmSettings } from '../app/firm-settings';
import { addPracticeArea, listPracticeAreas, retirePracticeArea } from '../app/practice-areas';
import {
  adjustInvoiceLine,
  generateDraftInvoice,
  issueInvoice,
  voidInvoice,
} from '../app/invoices';
import { placePersonHold, releasePersonHold } from '../app/credit-holds';
import { closeMatter, openMatter, updateMatter } from '../app/matters';
import { applyClientCredit, recordPayment, reversePayment } from '../app/payments';
import {
  listClients,
  listInvoices,
  listMatters,
  listTimeEntries,
  listTimekeepers,
  paymentsOf,
  receivables,
  unbilledWork,
} from '../app/queries';
import { createCreditNote, writeOffInvoice } from '../app/settlements';
import { clientAccountStatement } from '../app/statement';
import { createTimekeeper, setTimekeeperRate } from '../app/timekeepers';
import {
  deleteExpense,
  deleteTimeEntry,
  recordExpense,
  recordTimeEntries,
  recordTimeEntry,
  updateExpense,
  updateTimeEntry,
} from '../app/work';
import type { BillingContext } from './loaders';
import { typeResolvers } from './types';
import { found, visibleTo } from './visibility';

type Args = Record<string, unknown>;
type Resolver = (parent: unknown, args: Args, context: BillingContext) => unknown;

const entityId = z.object({ id: input.id });

/** Loads an entity the caller may see, for queries and federation references. */
function entity(kind: 'client' | 'matter' | 'invoice' | 'payment') {
  return async (id: string, context: BillingContext) => {
    // Checked before the loader: one malformed id would otherwise fail its whole batch.
    input.parseInput(entityId, { id });
    const row = await context.load[kind].load(id);
    if (kind === 'client') {
      return row && visibleTo(context.caller, { ...row, client_id: row.id }) ? row : null;
    }
    return visibleTo(context.caller, row as { client_id: string } | null);
  };
}
const client = entity('client');
const matter = entity('matter');
const invoice = entity('invoice');
const payment = entity('payment');

/** A command that answers with an entity id, then the entity as the caller sees it now. */
function thenLoad(
  command: (
    deps: BillingContext['deps'],
    caller: Caller,
    args: unknown,
  ) => Promise<Record<string, string>>,
  load: (id: string, context: BillingContext) => Promise<unknown>,
  idField: string,
  argsOf: (args: Args) => unknown = (args) => args,
): Resolver {
  return async (_parent, args, context) => {
    const result = await command(context.deps, context.caller, argsOf(args));
    return found(await load(result[idField]!, context), idField, result[idField]!);
  };
}

const withDeps =
  (
    command: (deps: BillingContext['deps'], caller: Caller, args: unknown) => Promise<unknown>,
    argsOf: (args: Args) => unknown = (args) => args.input,
  ): Resolver =>
  (_parent, args, context) =>
    command(context.deps, context.caller, argsOf(args));

const reference =
  (load: (id: string, context: BillingContext) => Promise<unknown>) =>
  (ref: { id: string }, context: BillingContext) =>
    load(ref.id, context);

export const resolvers = {
  ...typeResolvers,
  Client: { ...typeResolvers.Client, __resolveReference: reference(client) },
  Matter: { ...typeResolvers.Matter, __resolveReference: reference(matter) },
  Invoice: { ...typeResolvers.Invoice, __resolveReference: reference(invoice) },
  Payment: { ...typeResolvers.Payment, __resolveReference: reference(payment) },
  Query: {
    firmSettings: withDeps((deps, caller) => firmSettings(deps, caller)),
    practiceAreas: withDeps(listPracticeAreas, (args) => args),
    clients: withDeps((deps, caller) => listClients(deps, caller)),
    client: (_: unknown, args: { id: string }, context: BillingContext) => client(args.id, context),
    matters: withDeps(listMatters, (args) => args),
    matter: (_: unknown, args: { id: string }, context: BillingContext) => matter(args.id, context),
    timekeepers: withDeps((deps, caller) => listTimekeepers(deps, caller)),
    timeEntries: withDeps(listTimeEntries, (args) => args),
    unbilledWork: async (_: unknown, args: Args, { deps, caller }: BillingContext) => {
      const work = await unbilledWork(deps, caller, args);
      return (
        work && {
          ...work,
          fees: moneyOutput(work.feesMinor, work.currency),
          expenseTotal: moneyOutput(work.expensesMinor, work.currency),
        }
      );
    },
    invoices: withDeps(listInvoices, (args) => ({
      ...(args.filter as object | undefined),
      first: args.first ?? undefined,
      after: args.after,
    })),
    invoice: (_: unknown, args: { id: string }, context: BillingContext) =>
      invoice(args.id, context),
    payments: withDeps(paymentsOf, (args) => args),
    payment: (_: unknown, args: { id: string }, context: BillingContext) =>
      payment(args.id, context),
    clientAccountStatement: async (_: unknown, args: Args, context: BillingContext) => {
      const statement = await clientAccountStatement(context.deps, context.caller, args);
      const currency = statement.currency;
      return {
        ...statement,
        client: await client(statement.clientId, context),
        openingBalance: moneyOutput(statement.openingMinor, currency),
        closingBalance: moneyOutput(statement.closingMinor, currency),
        entries: statement.entries.map((entry) => ({ ...entry, currency })),
      };
    },
    receivables: async (_: unknown, args: Args, { deps, caller }: BillingContext) => {
      const result = await receivables(deps, caller, { ...args, first: args.first ?? undefined });
      return {
        ...result,
        totals: result.totals.map((total) => ({
          open: moneyOutput(total.openMinor, total.currency),
          invoiceCount: total.count,
        })),
      };
    },
  },
  Mutation: {
    updateFirmSettings: withDeps(updateFirmSettings),
    addPracticeArea: withDeps(addPracticeArea, (args) => args),
    retirePracticeArea: withDeps(retirePracticeArea, (args) => args),
    createClient: withDeps(createClient),
    updateClient: withDeps(updateClient),
    openMatter: withDeps(openMatter),
    updateMatter: withDeps(updateMatter),
    closeMatter: withDeps(closeMatter, (args) => args),
    placeMatterOnCreditHold: withDeps(placePersonHold, (args) => args),
    releaseMatterCreditHold: withDeps(releasePersonHold, (args) => args),
    createTimekeeper: withDeps(createTimekeeper),
    setTimekeeperRate: withDeps(setTimekeeperRate),
    recordTimeEntry: withDeps(recordTimeEntry),
    recordTimeEntries: withDeps(recordTimeEntries),
    updateTimeEntry: withDeps(updateTimeEntry),
    recordExpense: withDeps(recordExpense),
    updateExpense: withDeps(updateExpense),
    deleteTimeEntry: async (_: unknown, args: Args, context: BillingContext) =>
      (await deleteTimeEntry(context.deps, context.caller, args)).timeEntryId,
    deleteExpense: async (_: unknown, args: Args, context: BillingContext) =>
      (await deleteExpense(context.deps, context.caller, args)).expenseId,
    generateDraftInvoice: withDeps(generateDraftInvoice, (args) => args),
    adjustInvoiceLine: withDeps(adjustInvoiceLine, (args) => args),
    issueInvoice: thenLoad(issueInvoice, invoice, 'invoiceId'),
    voidInvoice: thenLoad(voidInvoice, invoice, 'invoiceId'),
    writeOffInvoice: thenLoad(writeOffInvoice, invoice, 'invoiceId'),
    createCreditNote: async (_: unknown, args: Args, context: BillingContext) => {
      const { creditNoteId } = await createCreditNote(context.deps, context.caller, args);
      return { creditNoteId, invoice: await invoice(args.invoiceId as string, context) };
    },
    recordPayment: thenLoad(recordPayment, payment, 'paymentId', (args) => ({
      ...(args.input as object),
      idempotencyKey: args.idempotencyKey,
    })),
    applyClientCredit: thenLoad(applyClientCredit, client, 'clientId'),
    reversePayment: thenLoad(reversePayment, payment, 'paymentId'),
  },
};
