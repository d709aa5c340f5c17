import { clientId, matterId } from './ids';
import type { Sample } from './sample';

const caseId = '5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d';
const invoiceId = '7c6b5a49-3827-4165-9f4e-3d2c1b0a9f8e';
const contactId = '2b3c4d5e-6f70-4182-93a4-b5c6d7e8f901';
const item = {
  invoiceId,
  matterId,
  dueDate: '2026-09-30',
  daysPastDue: 61,
  openAmount: { amount: '1250.00', currency: 'USD' },
};

/** A valid payload and subject for every collections event. */
export const collectionsSamples = {
  'lexfin.collections.case.opened.v1': {
    subject: caseId,
    keyedBy: clientId,
    data: {
      caseId,
      clientId,
      openedAt: '2026-10-01T12:00:00.000Z',
      items: [{ ...item, daysPastDue: 1 }],
    },
  },
  'lexfin.collections.case.closed.v1': {
    subject: caseId,
    keyedBy: clientId,
    data: { caseId, clientId, closedAt: '2026-12-01T12:00:00.000Z', reason: 'SETTLED' },
  },
  'lexfin.collections.stage.reached.v1': {
    subject: caseId,
    keyedBy: clientId,
    data: {
      caseId,
      clientId,
      stage: 'FINAL_NOTICE',
      channel: 'LETTER',
      responsibleRole: 'collections_agent',
      policyVersion: 2,
      items: [item],
      contactId,
      reachedAt: '2026-11-30T15:00:00.000Z',
    },
  },
  'lexfin.collections.contact.made.v1': {
    subject: contactId,
    keyedBy: clientId,
    data: {
      contactId,
      caseId,
      clientId,
      channel: 'CALL',
      outcome: 'CONVERSATION',
      stage: null,
      matterIds: [matterId],
      invoiceIds: [invoiceId],
      at: '2026-11-30T16:00:00.000Z',
      recordedBy: 'user-7',
    },
  },
  'lexfin.collections.fee_arbitration_notice.delivered.v1': {
    subject: matterId,
    keyedBy: clientId,
    data: {
      clientId,
      matterId,
      caseId,
      deliveredOn: '2026-11-30',
      agencyAllowedFrom: '2026-12-31',
    },
  },
  'lexfin.collections.fee_arbitration.requested.v1': {
    subject: matterId,
    keyedBy: clientId,
    data: { clientId, matterId, caseId, requestedOn: '2026-12-10', recordedBy: 'user-7' },
  },
} satisfies Record<string, Sample>;
