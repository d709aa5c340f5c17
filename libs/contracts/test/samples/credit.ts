import { clientId } from './ids';
import type { Sample } from './sample';

const breachId = '6f5e4d3c-2b1a-4f9e-8d7c-6b5a4f3e2d1c';
const usd = (amount: string) => ({ amount, currency: 'USD' });

/** A valid payload and subject for every credit event. */
export const creditSamples = {
  'lexfin.credit.grade.changed.v1': {
    subject: clientId,
    keyedBy: clientId,
    data: {
      clientId,
      previousGrade: 'B',
      grade: 'D',
      score: 541,
      thinFile: false,
      policyVersion: 2,
      asOf: '2026-11-30',
    },
  },
  'lexfin.credit.limit.breached.v1': {
    subject: clientId,
    keyedBy: clientId,
    data: {
      clientId,
      currency: 'USD',
      cause: 'OVER_LIMIT',
      exposure: usd('61250.00'),
      limit: usd('50000.00'),
      grade: 'C',
      reason: 'Exposure 61,250.00 USD is over the credit limit of 50,000.00 USD',
      policyVersion: 2,
      asOf: '2026-11-30',
    },
  },
  'lexfin.credit.limit.restored.v1': {
    subject: clientId,
    keyedBy: clientId,
    data: {
      clientId,
      currency: 'USD',
      breachId,
      exposure: usd('42000.00'),
      limit: usd('50000.00'),
      grade: 'C',
      policyVersion: 2,
      asOf: '2026-12-01',
    },
  },
} satisfies Record<string, Sample>;
