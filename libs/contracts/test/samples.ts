import type { CatalogueEventType } from '../src';

export const firmId = '0b6f7a1e-3c2d-4e5f-8a9b-1c2d3e4f5a6b';
export const clientId = '9d8c7b6a-5f4e-4d3c-9b2a-0f1e2d3c4b5a';
export const matterId = '3e2d1c0b-9a8f-4e7d-a6c5-b4a392817065';

const client = {
  clientId,
  displayName: 'Harbour & Finch LLP',
  kind: 'ORGANISATION',
  currency: 'USD',
  timeZone: 'America/New_York',
  billingEmail: 'accounts@harbourfinch.example',
};

/** A valid payload and subject for every catalogue event; a new event type needs one here. */
export const samples: Record<CatalogueEventType, { subject: string; data: unknown }> = {
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
};
