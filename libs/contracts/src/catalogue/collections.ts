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
