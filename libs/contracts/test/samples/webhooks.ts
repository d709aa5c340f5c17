import type { Sample } from './sample';

const endpointId = '6b5a4c3d-2e1f-4a0b-9c8d-7e6f5a4b3c2d';

/** A valid payload and subject for every webhooks event. */
export const webhookSamples = {
  'lexfin.webhooks.endpoint.disabled.v1': {
    subject: endpointId,
    keyedBy: endpointId,
    data: {
      endpointId,
      reason: 'FAILING_TOO_LONG',
      failingSince: '2026-03-01T08:00:00Z',
      disabledAt: '2026-03-06T08:00:05Z',
    },
  },
  'lexfin.webhooks.endpoint.tested.v1': {
    subject: endpointId,
    keyedBy: endpointId,
    data: { endpointId, requestedBy: 'user-42' },
  },
} satisfies Record<string, Sample>;
