import {
  billingEvents,
  collectionsEvents,
  trustEvents,
  type EventEnvelope,
} from '@lexfin/contracts';
import { parseDecimalAmount } from '@lexfin/money';
import type { z } from 'zod';
import type { NewFact } from '../app/facts-store';
import { dateIn } from '@lexfin/platform/business-dates';
import type { FactKind } from '../domain/facts';

type Data<D extends { data: z.ZodType }> = z.output<D['data']>;
type Money = { amount: string; currency: string };

interface FactFields {
  clientId: string;
  businessDate: string;
  matterId?: string | null;
  ref?: string | null;
  money?: Money;
  dueDate?: string | null;
  days?: number | null;
}

/** Builds the facts of one event, numbered in the order given. */
function factsOf(event: EventEnvelope<unknown>, entries: [FactKind, FactFields][]): NewFact[] {
  return entries.map(([kind, fields], seq) => ({
    eventId: event.id,
    seq,
    clientId: fields.clientId,
    kind,
    matterId: fields.matterId ?? null,
    ref: fields.ref ?? null,
    amountMinor: fields.money ? parseDecimalAmount(fields.money.amount, fields.money.currency) : 0n,
    currency: fields.money?.currency ?? null,
    businessDate: fields.businessDate,
    dueDate: fields.dueDate ?? null,
    days: fields.days ?? null,
    occurredAt: event.time,
  }));
}

type FactMapper = (event: EventEnvelope<unknown>) => NewFact[];

function mapping<D extends { type: string; data: z.ZodType }>(
  definition: D,
  toFacts: (data: Data<D>, event: EventEnvelope<unknown>) => [FactKind, FactFields][],
): [string, FactMapper] {
  return [definition.type, (event) => factsOf(event, toFacts(event.data as Data<D>, event))];
}

/** The UTC day an event happened, for events that carry no business date of their own. */
const dayOf = (event: EventEnvelope<unknown>) => event.time.slice(0, 10);

const zero = (currency: string): Money => ({ amount: '0', currency });

const clientOpened = (
  data: Data<typeof billingEvents.clientCreatedV2>,
  event: EventEnvelope<unknown>,
): [FactKind, FactFields][] => [
  [
    'CLIENT_OPENED',
    {
      clientId: data.clientId,
      businessDate: dateIn(data.timeZone, new Date(event.time)),
      money: zero(data.currency),
    },
  ],
];

const matterOpened = (
  data: Data<typeof billingEvents.matterOpenedV2>,
): [FactKind, FactFields][] => [
  [
    'MATTER_OPENED',
    {
      clientId: data.clientId,
      matterId: data.matterId,
      businessDate: data.openedOn,
      money: zero(data.currency),
      days: data.paymentTermsDays,
    },
  ],
];

/** Non-billable time and expenses are never billed: they are no exposure. */
const billable = (money: Money, isBillable: boolean): Money =>
  isBillable ? money : zero(money.currency);

const workRecorded = (
  data: Data<typeof billingEvents.timeEntryRecorded>,
): [FactKind, FactFields][] => [
  [
    'WORK_RECORDED',
    {
      clientId: data.clientId,
      matterId: data.matterId,
      ref: data.timeEntryId,
      businessDate: data.workDate,
      money: billable(data.amount, data.billable),
    },
  ],
];

const expenseRecorded = (
  data: Data<typeof billingEvents.expenseRecorded>,
): [FactKind, FactFields][] => [
  [
    'EXPENSE_RECORDED',
    {
      clientId: data.clientId,
      matterId: data.matterId,
      ref: data.expenseId,
      businessDate: data.incurredOn,
      money: billable(data.amount, data.billable),
    },
  ],
];

type Allocation = { invoiceId: string; matterId: string; amount: Money };

const applied = (clientId: string, date: string, allocations: Allocation[]) =>
  allocations.map((allocation): [FactKind, FactFields] => [
    'PAYMENT_APPLIED',
    {
      clientId,
      matterId: allocation.matterId,
      ref: allocation.invoiceId,
      businessDate: date,
      money: allocation.amount,
    },
  ]);

/** Money into or out of a client's trust ledger (firm funds, with no client, are no one's). */
function trustFact(
  kind: 'TRUST_IN' | 'TRUST_OUT',
  data: { clientId: string | null; matterId: string | null; amount: Money },
  businessDate: string,
): [FactKind, FactFields][] {
  if (data.clientId === null) return [];
  return [
    [kind, { clientId: data.clientId, matterId: data.matterId, businessDate, money: data.amount }],
  ];
}

/**
 * What each event billing and trust-accounting publish says about a client's credit, as facts.
 * Billing publishes v2 of clients, matters and issued and voided invoices; v1 of those has not
 * been published since its v2 existed, so only v2 is read.
 */
export const factMappers: Record<string, FactMapper> = Object.fromEntries([
  mapping(billingEvents.clientCreatedV2, clientOpened),
  mapping(billingEvents.matterOpenedV2, matterOpened),
  mapping(billingEvents.timeEntryRecorded, workRecorded),
  mapping(billingEvents.timeEntryUpdated, workRecorded),
  mapping(billingEvents.timeEntryDeleted, (data, event) => [
    [
      'WORK_REMOVED',
      {
        clientId: data.clientId,
        matterId: data.matterId,
        ref: data.timeEntryId,
        businessDate: dayOf(event),
      },
    ],
  ]),
  mapping(billingEvents.expenseRecorded, expenseRecorded),
  mapping(billingEvents.expenseUpdated, expenseRecorded),
  mapping(billingEvents.expenseDeleted, (data, event) => [
    [
      'EXPENSE_REMOVED',
      {
        clientId: data.clientId,
        matterId: data.matterId,
        ref: data.expenseId,
        businessDate: dayOf(event),
      },
    ],
  ]),
  mapping(billingEvents.invoiceIssuedV2, (data) => {
    const common = {
      clientId: data.clientId,
      matterId: data.matterId,
      businessDate: data.invoiceDate,
    };
    return [
      [
        'INVOICE_ISSUED',
        {
          ...common,
          ref: data.invoiceId,
          money: data.total,
          dueDate: data.dueDate,
          days: data.paymentTermsDays,
        },
      ],
      ...data.billedTimeEntries.map((entry): [FactKind, FactFields] => [
        'WORK_BILLED',
        { ...common, ref: entry.timeEntryId },
      ]),
      ...data.billedExpenses.map((entry): [FactKind, FactFields] => [
        'EXPENSE_BILLED',
        { ...common, ref: entry.expenseId },
      ]),
    ];
  }),
  mapping(billingEvents.invoiceVoidedV2, (data) => {
    const common = {
      clientId: data.clientId,
      matterId: data.matterId,
      businessDate: data.voidedOn,
    };
    return [
      ['INVOICE_VOIDED', { ...common, ref: data.invoiceId }],
      ...data.returnedTimeEntries.map((entry): [FactKind, FactFields] => [
        'WORK_RETURNED',
        { ...common, ref: entry.timeEntryId, money: entry.amount },
      ]),
      ...data.returnedExpenses.map((entry): [FactKind, FactFields] => [
        'EXPENSE_RETURNED',
        { ...common, ref: entry.expenseId, money: entry.amount },
      ]),
    ];
  }),
  mapping(billingEvents.invoiceWrittenOff, (data) => [
    [
      'WRITE_OFF',
      {
        clientId: data.clientId,
        matterId: data.matterId,
        ref: data.invoiceId,
        businessDate: data.writtenOffOn,
        money: data.amount,
      },
    ],
  ]),
  mapping(billingEvents.creditNoteIssued, (data) => [
    [
      'CREDIT_NOTE',
      {
        clientId: data.clientId,
        matterId: data.matterId,
        ref: data.invoiceId,
        businessDate: data.issuedOn,
        money: data.amount,
      },
    ],
  ]),
  mapping(billingEvents.lateFeeAssessed, (data) => [
    [
      'LATE_FEE',
      {
        clientId: data.clientId,
        matterId: data.matterId,
        ref: data.invoiceId,
        businessDate: data.assessedOn,
        money: data.amount,
      },
    ],
  ]),
  mapping(billingEvents.paymentRecorded, (data) =>
    applied(data.clientId, data.receivedOn, data.allocations),
  ),
  mapping(billingEvents.clientCreditApplied, (data) =>
    applied(data.clientId, data.appliedOn, data.allocations),
  ),
  mapping(billingEvents.paymentReversed, (data) => [
    ...data.reopenedAllocations.map((allocation): [FactKind, FactFields] => [
      'PAYMENT_REOPENED',
      {
        clientId: data.clientId,
        matterId: allocation.matterId,
        ref: allocation.invoiceId,
        businessDate: data.reversedOn,
        money: allocation.amount,
      },
    ]),
    [
      'PAYMENT_BOUNCED',
      {
        clientId: data.clientId,
        ref: data.paymentId,
        businessDate: data.reversedOn,
        money: data.amount,
      },
    ],
  ]),
  mapping(billingEvents.invoicePaid, (data) => [
    [
      'INVOICE_PAID',
      {
        clientId: data.clientId,
        matterId: data.matterId,
        ref: data.invoiceId,
        businessDate: data.paidOn,
        dueDate: data.dueDate,
        days: data.daysToPay,
      },
    ],
  ]),
  mapping(billingEvents.invoiceOverdue, (data) => [
    [
      'INVOICE_OVERDUE',
      {
        clientId: data.clientId,
        matterId: data.matterId,
        ref: data.invoiceId,
        businessDate: data.asOf,
        dueDate: data.dueDate,
        days: data.daysPastDue,
      },
    ],
  ]),
  mapping(trustEvents.depositRecorded, (data) => trustFact('TRUST_IN', data, data.receivedOn)),
  mapping(trustEvents.depositReturned, (data) => trustFact('TRUST_OUT', data, data.returnedOn)),
  mapping(trustEvents.transferToOperatingRecorded, (data) =>
    trustFact('TRUST_OUT', data, data.transferredOn),
  ),
  mapping(trustEvents.refundRecorded, (data) => trustFact('TRUST_OUT', data, data.refundedOn)),
  mapping(trustEvents.disbursementRecorded, (data) => trustFact('TRUST_OUT', data, data.paidOn)),
  // Of collections, what the client did or what became of its debt: promises broken, plans in
  // default, disputes, the hand-off to an agency. The ladder's own steps (reminders, notices, the
  // AGENCY_HANDOFF stage, which is only the task to hand it off) are the firm's and say nothing;
  // so is a recall from the agency: the debt did go to an agency, and taking it back is the
  // firm's choice (what the client then pays shows in billing's payments).
  mapping(collectionsEvents.promiseBroken, (data) => [
    [
      'PROMISE_BROKEN',
      {
        clientId: data.clientId,
        ref: data.promiseId,
        businessDate: data.brokenOn,
        money: data.amount,
      },
    ],
  ]),
  mapping(collectionsEvents.planDefaulted, (data) => [
    [
      'PLAN_DEFAULTED',
      {
        clientId: data.clientId,
        ref: data.planId,
        businessDate: data.defaultedOn,
        money: data.paid,
      },
    ],
  ]),
  mapping(collectionsEvents.disputeOpened, (data, event) => [
    [
      'DISPUTE_OPENED',
      {
        clientId: data.clientId,
        matterId: data.matterId,
        ref: data.disputeId,
        businessDate: dayOf(event),
        money: data.amount,
      },
    ],
  ]),
  mapping(collectionsEvents.disputeResolved, (data, event) => [
    [
      'DISPUTE_RESOLVED',
      {
        clientId: data.clientId,
        matterId: data.matterId,
        ref: data.disputeId,
        businessDate: dayOf(event),
        money: data.creditAmount ?? zero(data.disputedAmount.currency),
      },
    ],
  ]),
  mapping(collectionsEvents.caseHandedOff, (data) => [
    ['AGENCY_HANDOFF', { clientId: data.clientId, ref: data.caseId, businessDate: data.handedOn }],
  ]),
]);
