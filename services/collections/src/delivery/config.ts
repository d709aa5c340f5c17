import { z } from 'zod';
import { mailboxOf } from './channels/email';

const isUrlWith = (protocols: readonly string[]) => (value: string) =>
  URL.canParse(value) && protocols.includes(new URL(value).protocol);

/** The delivery variables, to spread into the service declaration's `config`. */
export const deliveryConfigShape = {
  COLLECTIONS_SMTP_URL: z
    .string()
    .refine(
      isUrlWith(['smtp:', 'smtps:']),
      'must be an SMTP URL like smtp://user:password@mail.example.com:587',
    )
    .default('smtp://127.0.0.1:1025'),
  COLLECTIONS_MAIL_FROM: z
    .string()
    .refine(
      (value) => mailboxOf(value) !== null,
      'must be one sender address like Accounts <accounts@firm.example>',
    )
    .default('Accounts <accounts@lexfin.invalid>'),
  /** SMS is refused as BOUNCED 'no SMS provider configured' when unset. */
  COLLECTIONS_SMS_URL: z
    .string()
    .refine(
      isUrlWith(['http:', 'https:']),
      'must be an http(s) URL like https://sms.example.com/v1/messages',
    )
    .optional(),
  COLLECTIONS_SMS_TOKEN: z.string().min(1).optional(),
  /** SMTP connections kept open at once: the relay's limit per client, raised for bulk runs. */
  COLLECTIONS_SMTP_MAX_CONNECTIONS: z.coerce.number().int().min(1).max(50).default(2),
};

export interface DeliverySettings {
  smtpUrl: string;
  mailFrom: string;
  smsUrl: string | null;
  smsToken: string | null;
  /** Pooled SMTP connections at once; 2 when not given. */
  smtpMaxConnections?: number;
}

/** createCollectionDelivery's settings from the loaded configuration. */
export function deliverySettingsFrom(config: {
  COLLECTIONS_SMTP_URL: string;
  COLLECTIONS_MAIL_FROM: string;
  COLLECTIONS_SMS_URL?: string | undefined;
  COLLECTIONS_SMS_TOKEN?: string | undefined;
  COLLECTIONS_SMTP_MAX_CONNECTIONS?: number | undefined;
}): DeliverySettings {
  return {
    smtpUrl: config.COLLECTIONS_SMTP_URL,
    mailFrom: config.COLLECTIONS_MAIL_FROM,
    smsUrl: config.COLLECTIONS_SMS_URL ?? null,
    smsToken: config.COLLECTIONS_SMS_TOKEN ?? null,
    smtpMaxConnections: config.COLLECTIONS_SMTP_MAX_CONNECTIONS ?? 2,
  };
}
