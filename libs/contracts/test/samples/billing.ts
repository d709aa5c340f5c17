import { clientId, matterId } from './ids';
import type { Sample } from './sample';

const client = {
  clientId,
  displayName: 'Harbour & Finch LLP',
  kind: 'ORGANISATION',
  currency: 'USD',
  timeZone: 'America/New_York',
  billingEmail: 'accounts@harbourfinch.example',
};

/** A valid payload and subject for every billing event. */
export const billingSamples = {
  'lexfin.billing.client.created.v1': { subject: clientId, data: client },
  'lexfin.billing.client.updated.v1': {
    subject: clientId,
    data: { ...client, displayName: 'Harbour, Finch & Co', billingEmail: undefined },
  },
  'lexfin.billing.matter.opened.v1': {
    subject: matterId,
    data: {
      matterId,
      clientId,
      matterNumber: '2026-0042',
      description: 'Lease dispute, Pier 9 warehouse',
      billingArrangement: 'HYBRID',
      currency: 'USD',
      paymentTermsDays: 30,
      evergreenRetainerMinimum: { amount: '5000.00', currency: 'USD' },
      openedOn: '2026-03-02',
    },
  },
  'lexfin.billing.matter.closed.v1': {
    subject: matterId,
    data: { matterId, clientId, closedOn: '2026-11-30' },
  },
} satisfies Record<string, Sample>;
