import type { DeliveryOutcome } from '../message';

export const sent = (providerMessageId: string | null): DeliveryOutcome => ({
  status: 'SENT',
  providerMessageId,
  detail: null,
});

export const bounced = (detail: string): DeliveryOutcome => ({
  status: 'BOUNCED',
  providerMessageId: null,
  detail,
});

export const failed = (detail: string): DeliveryOutcome => ({
  status: 'FAILED',
  providerMessageId: null,
  detail,
});
