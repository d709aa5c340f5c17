import { z } from 'zod';
import { defineEvent } from '../define-event';
import { businessDateSchema, moneySchema, uuidSchema } from '../schemas';

// Events published by the collections service. Every export here is an event definition: the
// catalogue takes them all. Each is a fact about a client's collection case; the case's state is
// derived from such facts, so later facts (promises, plans, disputes, portal actions) are new
// events beside these, never changes to them.

/** The ladder's steps; AGENCY_HANDOFF is the hand-off credit-assessment and ops act on. */
const stageKind = z.enum([
  'PRE_DUE_REMINDER',
  'FRIENDLY_REMINDER',
  'FORMAL_NOTICE',
  'CALL_TASK',
  'PARTNER_REVIEW',
  'FINAL_NOTICE',
  'FEE_ARBITRATION_NOTICE',
  'AGENCY_HANDOFF',
  'WRITE_OFF_RECOMMENDATION',
]);
const contactChannel = z.enum(['EMAIL', 'SMS', 'LETTER', 'CALL']);
const openItem = z.object({
  invoiceId: uuidSchema,
  matterId: uuidSchema,
  dueDate: businessDateSchema,
  daysPastDue: z.int(),
  openAmount: moneySchema.describe('What was open on the invoice at that moment'),
});

export const caseOpened = defineEvent({
  service: 'collections',
  entity: 'case',
  verb: 'opened',
  version: 1,
  description:
    "A client's collection case opened: an invoice of the client went past due unpaid. One open case per client.",
  data: z.object({
    caseId: uuidSchema,
    clientId: uuidSchema,
    openedAt: z.iso.datetime(),
    items: z.array(openItem).min(1),
  }),
  clientIdOf: (data) => data.clientId,
});

export const caseClosed = defineEvent({
  service: 'collections',
  entity: 'case',
  verb: 'closed',
  version: 1,
  description:
    "A client's collection case closed: nothing past due is open any more (paid, credited, written off or voided).",
  data: z.object({
    caseId: uuidSchema,
    clientId: uuidSchema,
    closedAt: z.iso.datetime(),
    reason: z.enum(['SETTLED']),
  }),
  clientIdOf: (data) => data.clientId,
});

export const stageReached = defineEvent({
  service: 'collections',
  entity: 'stage',
  verb: 'reached',
  version: 1,
  description:
    'Invoices of a case reached a ladder stage (a message sent, a work item raised, or the agency hand-off). AGENCY_HANDOFF lists what is handed to the agency.',
  data: z.object({
    caseId: uuidSchema,
    clientId: uuidSchema,
    stage: stageKind,
    channel: z
      .enum(['EMAIL', 'SMS', 'LETTER', 'CALL_TASK', 'PARTNER_REVIEW', 'AGENCY', 'BY_HAND'])
      .describe('How the stage was carried out; BY_HAND when no consented channel was left'),
    responsibleRole: z.string().min(1),
    policyVersion: z.int().min(1),
    items: z.array(openItem).min(1).describe('The invoices that reached the stage'),
    contactId: uuidSchema.nullable().describe('The contact attempt that carried it, if a message'),
    reachedAt: z.iso.datetime(),
  }),
  clientIdOf: (data) => data.clientId,
});

export const contactMade = defineEvent({
  service: 'collections',
  entity: 'contact',
  verb: 'made',
  version: 1,
  description:
    'A contact with a client was logged: a message sent (or bounced) by the ladder, or a call or letter done by hand.',
  data: z.object({
    contactId: uuidSchema,
    caseId: uuidSchema.nullable(),
    clientId: uuidSchema,
    channel: contactChannel,
    outcome: z.enum([
      'SENT',
      'BOUNCED',
      'CONVERSATION',
      'VOICEMAIL',
      'NO_ANSWER',
      'WRONG_NUMBER',
      'LETTER_POSTED',
    ]),
    stage: stageKind.nullable(),
    matterIds: z.array(uuidSchema),
    invoiceIds: z.array(uuidSchema),
    at: z.iso.datetime(),
    recordedBy: z.string().min(1).describe('A user id, or "ladder" for the automatic steps'),
  }),
  clientIdOf: (data) => data.clientId,
});

export const feeArbitrationNoticeDelivered = defineEvent({
  service: 'collections',
  entity: 'fee_arbitration_notice',
  verb: 'delivered',
  version: 1,
  description:
    "The State Bar's Notice of Client's Right to Fee Arbitration (California B&P 6201) was delivered for a matter; the client's 30 days run from deliveredOn.",
  data: z.object({
    clientId: uuidSchema,
    matterId: uuidSchema,
    caseId: uuidSchema.nullable(),
    deliveredOn: businessDateSchema,
    agencyAllowedFrom: businessDateSchema.describe('The 31st day after delivery'),
  }),
  clientIdOf: (data) => data.clientId,
});

export const feeArbitrationRequested = defineEvent({
  service: 'collections',
  entity: 'fee_arbitration',
  verb: 'requested',
  version: 1,
  description:
    "The client asked for fee arbitration on a matter: collection of the matter's invoices pauses.",
  data: z.object({
    clientId: uuidSchema,
    matterId: uuidSchema,
    caseId: uuidSchema.nullable(),
    requestedOn: businessDateSchema,
    recordedBy: z.string().min(1),
  }),
  clientIdOf: (data) => data.clientId,
});

// Arrangements and disputes: facts credit-assessment reads into a client's credit file, and
// requests billing acts on (a credit note for an upheld dispute, a write-off once approved).

const invoiceAmount = z.object({
  invoiceId: uuidSchema,
  matterId: uuidSchema,
  amount: moneySchema,
});

export const promiseMade = defineEvent({
  service: 'collections',
  entity: 'promise_to_pay',
  verb: 'made',
  version: 1,
  description:
    'A client promised to pay an amount by a date (recorded by an agent or made in the portal); the ladder pauses for the invoices it covers until then.',
  data: z.object({
    promiseId: uuidSchema,
    caseId: uuidSchema.nullable(),
    clientId: uuidSchema,
    invoiceIds: z.array(uuidSchema).min(1),
    amount: moneySchema,
    payBy: businessDateSchema,
    madeBy: z.string().min(1).describe('A user id; the client itself for the portal'),
  }),
  clientIdOf: (data) => data.clientId,
});

const promiseOutcome = {
  promiseId: uuidSchema,
  caseId: uuidSchema.nullable(),
  clientId: uuidSchema,
  amount: moneySchema.describe('What was promised'),
  paid: moneySchema.describe(
    'What was paid into the covered invoices from the promise to its date',
  ),
  payBy: businessDateSchema,
};

export const promiseKept = defineEvent({
  service: 'collections',
  entity: 'promise_to_pay',
  verb: 'kept',
  version: 1,
  description: 'Payments reached the promised amount by the promised date.',
  data: z.object({ ...promiseOutcome, keptOn: businessDateSchema }),
  clientIdOf: (data) => data.clientId,
});

export const promiseBroken = defineEvent({
  service: 'collections',
  entity: 'promise_to_pay',
  verb: 'broken',
  version: 1,
  description:
    'The promised date passed without payments reaching the amount: the ladder resumes where it was.',
  data: z.object({ ...promiseOutcome, brokenOn: businessDateSchema }),
  clientIdOf: (data) => data.clientId,
});

const instalment = z.object({ dueOn: businessDateSchema, amount: moneySchema });

export const planAgreed = defineEvent({
  service: 'collections',
  entity: 'payment_plan',
  verb: 'agreed',
  version: 1,
  description:
    'A payment plan took effect (created by an agent, or a client proposal accepted; a plan that is credit under Reg B after a partner approved it): the ladder pauses for its invoices.',
  data: z.object({
    planId: uuidSchema,
    caseId: uuidSchema.nullable(),
    clientId: uuidSchema,
    invoiceIds: z.array(uuidSchema).min(1),
    total: moneySchema,
    instalments: z.array(instalment).min(1),
    graceDays: z.int().min(0),
    isCredit: z.boolean().describe('Interest or more than four instalments: credit under Reg B'),
    agreedOn: businessDateSchema,
  }),
  clientIdOf: (data) => data.clientId,
});

export const planDefaulted = defineEvent({
  service: 'collections',
  entity: 'payment_plan',
  verb: 'defaulted',
  version: 1,
  description:
    'An instalment stayed unpaid past its grace days: the plan is in default and the ladder resumes.',
  data: z.object({
    planId: uuidSchema,
    caseId: uuidSchema.nullable(),
    clientId: uuidSchema,
    missedDueOn: businessDateSchema,
    paid: moneySchema.describe('What was paid under the plan'),
    defaultedOn: businessDateSchema,
  }),
  clientIdOf: (data) => data.clientId,
});

export const planCompleted = defineEvent({
  service: 'collections',
  entity: 'payment_plan',
  verb: 'completed',
  version: 1,
  description: 'Payments covered every instalment of a plan.',
  data: z.object({
    planId: uuidSchema,
    caseId: uuidSchema.nullable(),
    clientId: uuidSchema,
    total: moneySchema,
    completedOn: businessDateSchema,
  }),
  clientIdOf: (data) => data.clientId,
});

export const disputeOpened = defineEvent({
  service: 'collections',
  entity: 'dispute',
  verb: 'opened',
  version: 1,
  description:
    'A client disputes an amount of an invoice (or one of its lines): dunning stops on that amount only until the dispute is resolved.',
  data: z.object({
    disputeId: uuidSchema,
    caseId: uuidSchema.nullable(),
    clientId: uuidSchema,
    invoiceId: uuidSchema,
    matterId: uuidSchema,
    lineId: uuidSchema.nullable(),
    amount: moneySchema,
    deadline: businessDateSchema,
    openedBy: z.string().min(1),
  }),
  clientIdOf: (data) => data.clientId,
});

export const disputeResolved = defineEvent({
  service: 'collections',
  entity: 'dispute',
  verb: 'resolved',
  version: 1,
  description:
    'A dispute was decided. UPHELD or PARTIAL: billing issues a credit note of creditAmount on the invoice (one per event). REJECTED: the amount returns to the ladder.',
  data: z.object({
    disputeId: uuidSchema,
    caseId: uuidSchema.nullable(),
    clientId: uuidSchema,
    invoiceId: uuidSchema,
    matterId: uuidSchema,
    outcome: z.enum(['UPHELD', 'REJECTED', 'PARTIAL']),
    disputedAmount: moneySchema,
    creditAmount: moneySchema.nullable().describe('The credit note billing is asked for'),
    reason: z.string().min(1),
    resolvedBy: z.string().min(1),
  }),
  clientIdOf: (data) => data.clientId,
});

export const collectionsPaused = defineEvent({
  service: 'collections',
  entity: 'pause',
  verb: 'started',
  version: 1,
  description: "Collection of a client's, matter's or invoice's items is paused until a date.",
  data: z.object({
    pauseId: uuidSchema,
    clientId: uuidSchema,
    scope: z.enum(['CLIENT', 'MATTER', 'INVOICE']),
    targetId: uuidSchema,
    until: businessDateSchema,
    pausedBy: z.string().min(1),
  }),
  clientIdOf: (data) => data.clientId,
});

export const collectionsResumed = defineEvent({
  service: 'collections',
  entity: 'pause',
  verb: 'ended',
  version: 1,
  description: 'A pause was lifted before its date.',
  data: z.object({
    pauseId: uuidSchema,
    clientId: uuidSchema,
    resumedBy: z.string().min(1),
  }),
  clientIdOf: (data) => data.clientId,
});

export const channelOptedOut = defineEvent({
  service: 'collections',
  entity: 'contact_channel',
  verb: 'opted_out',
  version: 1,
  description: 'The client asked the firm (in the portal) not to contact it on a channel.',
  data: z.object({
    clientId: uuidSchema,
    channel: z.enum(['EMAIL', 'SMS', 'LETTER']),
    at: z.iso.datetime(),
  }),
  clientIdOf: (data) => data.clientId,
});

export const caseHandedOff = defineEvent({
  service: 'collections',
  entity: 'case',
  verb: 'handed_off',
  version: 1,
  description:
    "A case went to a collection agency after every mandatory step (the fee-arbitration wait included); the firm's own contacts stop.",
  data: z.object({
    handoffId: uuidSchema,
    caseId: uuidSchema,
    clientId: uuidSchema,
    agency: z.string().min(1),
    items: z.array(invoiceAmount).min(1),
    handedBy: z.string().min(1),
    handedOn: businessDateSchema,
  }),
  clientIdOf: (data) => data.clientId,
});

export const caseRecalled = defineEvent({
  service: 'collections',
  entity: 'case',
  verb: 'recalled',
  version: 1,
  description: 'A case was taken back from the agency: the ladder resumes.',
  data: z.object({
    handoffId: uuidSchema,
    caseId: uuidSchema,
    clientId: uuidSchema,
    recalledBy: z.string().min(1),
  }),
  clientIdOf: (data) => data.clientId,
});

export const writeOffRecommended = defineEvent({
  service: 'collections',
  entity: 'write_off',
  verb: 'recommended',
  version: 1,
  description: "A collections agent recommends writing off part of a case's invoices.",
  data: z.object({
    recommendationId: uuidSchema,
    caseId: uuidSchema,
    clientId: uuidSchema,
    items: z.array(invoiceAmount).min(1),
    reason: z.string().min(1),
    recommendedBy: z.string().min(1),
  }),
  clientIdOf: (data) => data.clientId,
});

export const writeOffApproved = defineEvent({
  service: 'collections',
  entity: 'write_off',
  verb: 'approved',
  version: 1,
  description:
    'A partner who is not the recommender approved a write-off: billing writes each listed amount off its invoice (once per event).',
  data: z.object({
    recommendationId: uuidSchema,
    caseId: uuidSchema,
    clientId: uuidSchema,
    items: z.array(invoiceAmount).min(1),
    reason: z.string().min(1),
    recommendedBy: z.string().min(1),
    approvedBy: z.string().min(1),
  }),
  clientIdOf: (data) => data.clientId,
});
