import type { Migration } from '@lexfin/persistence';
import { webhooks } from './0100-webhooks';

export const webhookMigrations: Record<string, Migration> = {
  '0100_webhooks': webhooks,
};

/** The service may read and append to the attempt log, never change or remove an entry. */
export const appendOnlyTables = ['webhook_delivery_attempts'] as const;
