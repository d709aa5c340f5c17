import type { Transaction } from 'kysely';
import { billingEvents, type EventEnvelope } from '@lexfin/contracts';
import { parseDecimalAmount } from '@lexfin/money';
import { sendWithNext, type BatchEventHandler, type EventHandler } from '@lexfin/persistence';
import type { Movement } from '../app/open-amounts';
import type { CollectionsDatabase, MovementKind } from '../db/schema';
import { putOnAgenda, recordMovements, recordStatedOpenAmount } from './replica-batch';
import { on, type EventData } from './handler';

type Tx = Transaction<CollectionsDatabase>;
const minor = (money: { amount: string; currency: string }) =>
  parseDecimalAmount(money.amount, money.currency);

/** Movements change open amounts: record them and have the sweep re-derive the clients' cases. */
async function move(tx: Tx, event: EventEnvelope<unknown>, movements: Movement[], now: Date) {
  const clients = await recordMovements(tx, event.firmid, movements);
  await putOnAgenda(tx, event.firmid, clients, now);
}

type MoneyJson = { amount: string; currency: string };

/** One movement of `amount` (added when `owed`, else taken off) on one invoice. */
function movementOf(
  invoiceId: string,
  sourceId: string,
  kind: MovementKind,
  onDate: string,
  amount: MoneyJson,
  owed: boolean,
): Movement {
  const value = minor(amount);
  return {
    invoiceId,
    sourceId,
    kind,
    onDate,
    amountMinor: owed ? value : -value,
    currency: amount.currency,
  };
}

async function stated(
  tx: Tx,
  event: EventEnvelope<unknown>,
  invoiceId: string,
  openAmount: MoneyJson,
) {
  await recordStatedOpenAmount(
    tx,
    event.firmid,
    { eventId: event.id, eventType: event.type, invoiceId, statedAt: new Date(event.time) },
    { amountMinor: minor(openAmount), currency: openAmount.currency },
  );
}

type ClientV1 = EventData<typeof billingEvents.clientCreated>;
type ClientV2 = EventData<typeof billingEvents.clientCreatedV2>;

async function upsertClient(tx: Tx, data: ClientV1 | ClientV2, event: EventEnvelope<unknown>) {
  const v2 = 'contactConsent' in data ? data : null;
  const values = {
    display_name: data.displayName,
    currency: data.currency,
    time_zone: data.timeZone,
    billing_email: data.billingEmail ?? null,
    phone: v2?.phone ?? null,
    postal_address: JSON.stringify(v2?.postalAddress ?? null),
    region: v2?.postalAddress?.region ?? null,
    // v1 carried no consents: nothing is sent until billing says the client agreed.
    consent_email: v2?.contactConsent.email ?? false,
    consent_sms: v2?.contactConsent.sms ?? false,
    consent_post: v2?.contactConsent.post ?? false,
    language: v2?.language ?? null,
    do_not_contact: v2?.doNotContact ?? false,
  };
  await tx
    .insertInto('clients')
    .values({ firm_id: event.firmid, client_id: data.clientId, ...values })
    .onConflict((conflict) => conflict.columns(['firm_id', 'client_id']).doUpdateSet(values))
    .execute();
}

type MatterV1 = EventData<typeof billingEvents.matterOpened>;
type MatterV2 = EventData<typeof billingEvents.matterUpdated>;

async function upsertMatter(tx: Tx, data: MatterV1 | MatterV2, event: EventEnvelope<unknown>) {
  const owners = 'practiceAreaId' in data ? data : null;
  const values = {
    client_id: data.clientId,
    matter_number: data.matterNumber,
    description: data.description,
    currency: data.currency,
    responsible_partner_id: owners?.responsiblePartnerId ?? null,
    practice_area_id: owners?.practiceAreaId ?? null,
    practice_area: owners?.practiceArea ?? null,
  };
  await tx
    .insertInto('matters')
    .values({ firm_id: event.firmid, matter_id: data.matterId, ...values })
    .onConflict((conflict) => conflict.columns(['firm_id', 'matter_id']).doUpdateSet(values))
    .execute();
}

type Issued = EventData<typeof billingEvents.invoiceIssued>;
type IssuedV2 = EventData<typeof billingEvents.invoiceIssuedV2>;

/** Invoices of one firm issued, in one statement however many (a fetch brings them in runs). */
async function issueInvoices(tx: Tx, events: EventEnvelope<unknown>[], now: Date) {
  const issued = events.map((event) => event.data as Issued);
  await sendWithNext(
    tx,
    tx
      .insertInto('invoices')
      .values(
        issued.map((data) => ({
          firm_id: events[0]!.firmid,
          invoice_id: data.invoiceId,
          invoice_number: data.invoiceNumber,
          client_id: data.clientId,
          matter_id: data.matterId,
          currency: data.total.currency,
          invoice_date: data.invoiceDate,
          due_date: data.dueDate,
          total_minor: minor(data.total),
          open_minor: 0n,
          voided_on: null,
        })),
      )
      .onConflict((conflict) => conflict.columns(['firm_id', 'invoice_id']).doNothing()),
  );
  await move(
    tx,
    events[0]!,
    issued.map((data) =>
      movementOf(data.invoiceId, data.invoiceId, 'ISSUED', data.invoiceDate, data.total, true),
    ),
    now,
  );
}

async function issueInvoicesV2(tx: Tx, events: EventEnvelope<unknown>[], now: Date) {
  await issueInvoices(tx, events, now);
  for (const data of events.map((event) => event.data as IssuedV2)) {
    await markBilled(
      tx,
      [
        ...data.billedTimeEntries.map((entry) => entry.timeEntryId),
        ...data.billedExpenses.map((expense) => expense.expenseId),
      ],
      data.invoiceDate,
    );
  }
}

/** Unbilled work leaves WIP when an invoice bills it, and returns when the invoice is voided. */
async function markBilled(tx: Tx, workIds: string[], billedOn: string | null) {
  if (workIds.length === 0) return;
  await tx
    .updateTable('unbilled_work')
    .set({ billed_on: billedOn })
    .where('work_id', 'in', workIds)
    .execute();
}

type Work =
  | EventData<typeof billingEvents.timeEntryRecorded>
  | EventData<typeof billingEvents.expenseRecorded>;

async function upsertWork(tx: Tx, data: Work, event: EventEnvelope<unknown>) {
  const isTime = 'timeEntryId' in data;
  const values = {
    client_id: data.clientId,
    matter_id: data.matterId,
    amount_minor: minor(data.amount),
    currency: data.amount.currency,
    billable: data.billable,
    recorded_on: isTime ? data.workDate : data.incurredOn,
  };
  await tx
    .insertInto('unbilled_work')
    .values({
      firm_id: event.firmid,
      work_id: isTime ? data.timeEntryId : data.expenseId,
      kind: isTime ? 'TIME' : 'EXPENSE',
      billed_on: null,
      deleted_on: null,
      ...values,
    })
    .onConflict((conflict) => conflict.columns(['firm_id', 'work_id']).doUpdateSet(values))
    .execute();
}

async function deleteWork(tx: Tx, workId: string, event: EventEnvelope<unknown>) {
  await tx
    .updateTable('unbilled_work')
    .set({ deleted_on: event.time.slice(0, 10) })
    .where('work_id', '=', workId)
    .execute();
}

/** The facts a batch applies a run of at once (consecutive events of one type, one firm). */
export function receivablesReplicaRuns(
  clock: () => Date,
): Record<string, BatchEventHandler<CollectionsDatabase>> {
  return {
    [billingEvents.invoiceIssued.type]: (tx, events) => issueInvoices(tx, events, clock()),
    [billingEvents.invoiceIssuedV2.type]: (tx, events) => issueInvoicesV2(tx, events, clock()),
  };
}

/**
 * Billing's facts this service keeps: firms, clients, matters, unbilled work, and every movement
 * of an invoice's open amount (the inbox makes each event count once; a movement's own key makes
 * a repeat harmless too).
 */
export function receivablesReplicaHandlers(
  clock: () => Date,
): Record<string, EventHandler<CollectionsDatabase>> {
  return Object.fromEntries([
    on(billingEvents.firmSettingsChanged, async (tx, data) => {
      const values = {
        time_zone: data.timeZone,
        default_currency: data.defaultCurrency,
        working_days: data.workingDays,
        country: data.country,
        region: data.region,
      };
      await tx
        .insertInto('firms')
        .values({ firm_id: data.firmId, ...values })
        .onConflict((conflict) => conflict.column('firm_id').doUpdateSet(values))
        .execute();
    }),
    // Each v1 stays handled for the events already on the topic; billing publishes v2 now.
    on(billingEvents.clientCreated, upsertClient),
    on(billingEvents.clientUpdated, upsertClient),
    on(billingEvents.clientCreatedV2, async (tx, data, event) => {
      await upsertClient(tx, data, event);
    }),
    on(billingEvents.clientUpdatedV2, async (tx, data, event) => {
      await upsertClient(tx, data, event);
      await putOnAgenda(tx, event.firmid, [data.clientId], clock());
    }),
    on(billingEvents.matterOpened, upsertMatter),
    on(billingEvents.matterOpenedV2, upsertMatter),
    on(billingEvents.matterUpdated, upsertMatter),
    on(billingEvents.matterClosed, async (tx, data) => {
      await tx
        .updateTable('matters')
        .set({ closed_on: data.closedOn })
        .where('matter_id', '=', data.matterId)
        .execute();
    }),
    on(billingEvents.timeEntryRecorded, upsertWork),
    on(billingEvents.timeEntryUpdated, upsertWork),
    on(billingEvents.expenseRecorded, upsertWork),
    on(billingEvents.expenseUpdated, upsertWork),
    on(billingEvents.timeEntryDeleted, (tx, data, event) =>
      deleteWork(tx, data.timeEntryId, event),
    ),
    on(billingEvents.expenseDeleted, (tx, data, event) => deleteWork(tx, data.expenseId, event)),
    on(billingEvents.invoiceIssued, (tx, _data, event) => issueInvoices(tx, [event], clock())),
    on(billingEvents.invoiceIssuedV2, (tx, _data, event) => issueInvoicesV2(tx, [event], clock())),
    ...[billingEvents.invoiceVoided, billingEvents.invoiceVoidedV2].map((definition) =>
      on(definition, async (tx, data, event) => {
        await tx
          .updateTable('invoices')
          .set({ voided_on: data.voidedOn })
          .where('invoice_id', '=', data.invoiceId)
          .execute();
        const { invoiceId, voidedOn, total } = data;
        await move(
          tx,
          event,
          [movementOf(invoiceId, invoiceId, 'VOID', voidedOn, { ...total, amount: '0' }, true)],
          clock(),
        );
        if ('returnedTimeEntries' in data) {
          await markBilled(
            tx,
            [
              ...data.returnedTimeEntries.map((entry) => entry.timeEntryId),
              ...data.returnedExpenses.map((expense) => expense.expenseId),
            ],
            null,
          );
        }
      }),
    ),
    on(billingEvents.creditNoteIssued, async (tx, data, event) => {
      const { invoiceId, creditNoteId, issuedOn, amount } = data;
      await move(
        tx,
        event,
        [movementOf(invoiceId, creditNoteId, 'CREDIT_NOTE', issuedOn, amount, false)],
        clock(),
      );
      await stated(tx, event, data.invoiceId, data.openAmount);
    }),
    on(billingEvents.invoiceWrittenOff, async (tx, data, event) => {
      const { invoiceId, writeOffId, writtenOffOn, amount } = data;
      await move(
        tx,
        event,
        [movementOf(invoiceId, writeOffId, 'WRITE_OFF', writtenOffOn, amount, false)],
        clock(),
      );
      await stated(tx, event, data.invoiceId, data.openAmount);
    }),
    on(billingEvents.lateFeeAssessed, async (tx, data, event) => {
      const { invoiceId, assessedOn, amount } = data;
      await move(
        tx,
        event,
        [movementOf(invoiceId, event.id, 'LATE_FEE', assessedOn, amount, true)],
        clock(),
      );
      await stated(tx, event, data.invoiceId, data.openAmount);
    }),
    on(billingEvents.paymentRecorded, (tx, data, event) =>
      move(
        tx,
        event,
        data.allocations.map((allocation) =>
          movementOf(
            allocation.invoiceId,
            data.paymentId,
            'PAYMENT',
            data.receivedOn,
            allocation.amount,
            false,
          ),
        ),
        clock(),
      ),
    ),
    on(billingEvents.clientCreditApplied, (tx, data, event) =>
      move(
        tx,
        event,
        data.allocations.map((allocation) =>
          movementOf(
            allocation.invoiceId,
            // one payment's credit may reach an invoice more than once, in separate applications
            `${event.id}:${allocation.paymentId}`,
            'CLIENT_CREDIT',
            data.appliedOn,
            allocation.amount,
            false,
          ),
        ),
        clock(),
      ),
    ),
    on(billingEvents.paymentReversed, (tx, data, event) =>
      move(
        tx,
        event,
        data.reopenedAllocations.map((allocation) =>
          movementOf(
            allocation.invoiceId,
            data.paymentId,
            'PAYMENT_REVERSED',
            data.reversedOn,
            allocation.amount,
            true,
          ),
        ),
        clock(),
      ),
    ),
    on(billingEvents.invoicePaid, async (tx, data, event) => {
      await stated(tx, event, data.invoiceId, { amount: '0', currency: data.total.currency });
    }),
    on(billingEvents.invoiceOverdue, async (tx, data, event) => {
      await stated(tx, event, data.invoiceId, data.openAmount);
      await putOnAgenda(tx, event.firmid, [data.clientId], clock());
    }),
  ]);
}
