import { clientId, matterId } from './ids';
import type { Sample } from './sample';

const caseId = '5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d';
const invoiceId = '7c6b5a49-3827-4165-9f4e-3d2c1b0a9f8e';
const contactId = '2b3c4d5e-6f70-4182-93a4-b5c6d7e8f901';
const promiseId = '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
const planId = '2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f';
const disputeId = '3d4e5f6a-7b8c-4d9e-8f0a-1b2c3d4e5f6a';
const pauseId = '4e5f6a7b-8c9d-4e0f-9a1b-2c3d4e5f6a7b';
const handoffId = '5f6a7b8c-9d0e-4f1a-8b2c-3d4e5f6a7b8c';
const recommendationId = '6a7b8c9d-0e1f-4a2b-9c3d-4e5f6a7b8c9d';
const usd = (amount: string) => ({ amount, currency: 'USD' });
const invoiceAmount = { invoiceId, matterId, amount: usd('1250.00') };
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
  'lexfin.collections.promise_to_pay.made.v1': {
    subject: promiseId,
    keyedBy: clientId,
    data: {
      promiseId,
      caseId,
      clientId,
      invoiceIds: [invoiceId],
      amount: usd('500.00'),
      payBy: '2026-12-15',
      madeBy: 'user-7',
    },
  },
  'lexfin.collections.promise_to_pay.kept.v1': {
    subject: promiseId,
    keyedBy: clientId,
    data: {
      promiseId,
      caseId,
      clientId,
      amount: usd('500.00'),
      paid: usd('500.00'),
      payBy: '2026-12-15',
      keptOn: '2026-12-14',
    },
  },
  'lexfin.collections.promise_to_pay.broken.v1': {
    subject: promiseId,
    keyedBy: clientId,
    data: {
      promiseId,
      caseId,
      clientId,
      amount: usd('500.00'),
      paid: usd('100.00'),
      payBy: '2026-12-15',
      brokenOn: '2026-12-16',
    },
  },
  'lexfin.collections.payment_plan.agreed.v1': {
    subject: planId,
    keyedBy: clientId,
    data: {
      planId,
      caseId,
      clientId,
      invoiceIds: [invoiceId],
      total: usd('1250.00'),
      instalments: [
        { dueOn: '2027-01-01', amount: usd('625.00') },
        { dueOn: '2027-02-01', amount: usd('625.00') },
      ],
      graceDays: 5,
      isCredit: false,
      agreedOn: '2026-12-01',
    },
  },
  'lexfin.collections.payment_plan.defaulted.v1': {
    subject: planId,
    keyedBy: clientId,
    data: {
      planId,
      caseId,
      clientId,
      missedDueOn: '2027-01-01',
      paid: usd('0.00'),
      defaultedOn: '2027-01-07',
    },
  },
  'lexfin.collections.payment_plan.completed.v1': {
    subject: planId,
    keyedBy: clientId,
    data: { planId, caseId, clientId, total: usd('1250.00'), completedOn: '2027-02-01' },
  },
  'lexfin.collections.dispute.opened.v1': {
    subject: disputeId,
    keyedBy: clientId,
    data: {
      disputeId,
      caseId,
      clientId,
      invoiceId,
      matterId,
      lineId: null,
      amount: usd('250.00'),
      deadline: '2026-12-31',
      openedBy: 'user-7',
    },
  },
  'lexfin.collections.dispute.resolved.v1': {
    subject: disputeId,
    keyedBy: clientId,
    data: {
      disputeId,
      caseId,
      clientId,
      invoiceId,
      matterId,
      outcome: 'PARTIAL',
      disputedAmount: usd('250.00'),
      creditAmount: usd('100.00'),
      reason: 'Two hours billed twice',
      resolvedBy: 'user-7',
    },
  },
  'lexfin.collections.pause.started.v1': {
    subject: pauseId,
    keyedBy: clientId,
    data: {
      pauseId,
      clientId,
      scope: 'MATTER',
      targetId: matterId,
      until: '2026-12-31',
      pausedBy: 'user-7',
    },
  },
  'lexfin.collections.pause.ended.v1': {
    subject: pauseId,
    keyedBy: clientId,
    data: { pauseId, clientId, resumedBy: 'user-7' },
  },
  'lexfin.collections.contact_channel.opted_out.v1': {
    subject: clientId,
    keyedBy: clientId,
    data: { clientId, channel: 'SMS', at: '2026-12-01T10:00:00.000Z' },
  },
  'lexfin.collections.case.handed_off.v1': {
    subject: caseId,
    keyedBy: clientId,
    data: {
      handoffId,
      caseId,
      clientId,
      agency: 'Acme Recoveries',
      items: [invoiceAmount],
      handedBy: 'partner-1',
      handedOn: '2027-02-01',
    },
  },
  'lexfin.collections.case.recalled.v1': {
    subject: caseId,
    keyedBy: clientId,
    data: { handoffId, caseId, clientId, recalledBy: 'partner-1' },
  },
  'lexfin.collections.write_off.recommended.v1': {
    subject: recommendationId,
    keyedBy: clientId,
    data: {
      recommendationId,
      caseId,
      clientId,
      items: [invoiceAmount],
      reason: 'Client insolvent',
      recommendedBy: 'user-7',
    },
  },
  'lexfin.collections.write_off.approved.v1': {
    subject: recommendationId,
    keyedBy: clientId,
    data: {
      recommendationId,
      caseId,
      clientId,
      items: [invoiceAmount],
      reason: 'Client insolvent',
      recommendedBy: 'user-7',
      approvedBy: 'partner-1',
    },
  },
} satisfies Record<string, Sample>;
