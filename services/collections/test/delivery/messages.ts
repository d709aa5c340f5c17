import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { Money } from '@lexfin/money';
import { createLogger, type Logger } from '@lexfin/platform';
import {
  createCollectionDelivery,
  type CollectionDelivery,
  type CollectionMessage,
  type DeliverySettings,
} from '../../src/delivery';

/**
 * A friendly reminder to a client with two overdue invoices in USD and one in EUR, as the
 * collections service would hand it to delivery; `overrides` replace whole fields.
 */
export function reminder(overrides: Partial<CollectionMessage> = {}): CollectionMessage {
  return {
    messageId: randomUUID(),
    templateKey: 'friendly_reminder',
    language: 'en',
    firm: {
      name: 'Hale & Ortiz LLP',
      replyToEmail: 'billing@hale-ortiz.example',
      phone: '+1 415 555 0100',
    },
    client: {
      displayName: 'Northwind Traders',
      email: 'ap@northwind.example',
      phone: '+14155550123',
      postalAddress: {
        line1: '500 Market Street',
        line2: 'Suite 12',
        city: 'San Francisco',
        region: 'CA',
        postalCode: '94105',
        country: 'United States',
      },
    },
    items: [
      {
        invoiceNumber: 'INV-2026-0042',
        matterName: 'Lease renewal',
        dueDate: '2026-10-15',
        daysPastDue: 48,
        openAmount: Money.parse('1250.00', 'USD'),
        stageLabel: 'Friendly reminder',
      },
      {
        invoiceNumber: 'INV-2026-0057',
        matterName: 'Trademark filing',
        dueDate: '2026-11-01',
        daysPastDue: 31,
        openAmount: Money.parse('380.55', 'USD'),
        stageLabel: 'Friendly reminder',
      },
      {
        invoiceNumber: 'INV-2026-0061',
        matterName: 'EU distribution agreement',
        dueDate: '2026-11-20',
        daysPastDue: 1,
        openAmount: Money.parse('2400.00', 'EUR'),
        stageLabel: 'Friendly reminder',
      },
    ],
    totals: [Money.parse('1630.55', 'USD'), Money.parse('2400.00', 'EUR')],
    payBy: '2026-12-16',
    optOutUrl: 'https://pay.hale-ortiz.example/opt-out/abc123',
    ...overrides,
  };
}

/** What any rendering of `reminder()` in English must show: every item and the totals per currency. */
export const reminderFigures = [
  'INV-2026-0042',
  'USD 1,250.00',
  'INV-2026-0057',
  'USD 380.55',
  'INV-2026-0061',
  'EUR 2,400.00',
  'USD 1,630.55',
];

/** The reminder to a client whose contact details differ by `client`. */
export function reminderTo(
  client: Partial<CollectionMessage['client']>,
  overrides: Partial<CollectionMessage> = {},
): CollectionMessage {
  const message = reminder(overrides);
  return { ...message, client: { ...message.client, ...client } };
}

/** A delivery with nothing reachable configured but what `settings` name. */
export function testDelivery(
  settings: Partial<DeliverySettings>,
  logger: Logger = capturedLogger().logger,
): CollectionDelivery {
  return createCollectionDelivery(
    {
      smtpUrl: 'smtp://127.0.0.1:1',
      mailFrom: 'Accounts <accounts@lexfin.invalid>',
      smsUrl: null,
      smsToken: null,
      ...settings,
    },
    logger,
  );
}

/** A logger whose lines the test reads back. */
export function capturedLogger(): { logger: Logger; lines: () => string } {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  return {
    logger: createLogger({ service: 'collections-test', destination }),
    lines: () => chunks.join(''),
  };
}
