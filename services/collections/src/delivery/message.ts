import type { Money } from '@lexfin/money';

export type MessageChannel = 'EMAIL' | 'SMS' | 'LETTER';

export const MESSAGE_TEMPLATE_KEYS = [
  'pre_due_reminder',
  'friendly_reminder',
  'formal_notice',
  'final_notice',
  'fee_arbitration_notice',
  'agency_notice',
  'instalment_reminder',
] as const;

export type MessageTemplateKey = (typeof MESSAGE_TEMPLATE_KEYS)[number];

export interface OpenItemLine {
  invoiceNumber: string;
  matterName: string;
  /** YYYY-MM-DD */
  dueDate: string;
  /** Negative: days before the due date (pre-due reminder). */
  daysPastDue: number;
  /** What is open now, partial payments and credit notes counted. */
  openAmount: Money;
  /** e.g. 'Friendly reminder' */
  stageLabel: string;
}

export interface PostalAddress {
  line1: string;
  line2: string | null;
  city: string;
  region: string | null;
  postalCode: string | null;
  country: string;
}

export interface CollectionMessage {
  /** uuid of the contact attempt: Message-ID / provider idempotency key */
  messageId: string;
  templateKey: MessageTemplateKey;
  /** BCP 47; falls back to 'en' when the template has no such language */
  language: string;
  firm: { name: string; replyToEmail: string | null; phone: string | null };
  client: {
    displayName: string;
    email: string | null;
    phone: string | null;
    postalAddress: PostalAddress | null;
  };
  /** Every item the message is about, at least one. */
  items: OpenItemLine[];
  /** Open total per currency (never summed across currencies). */
  totals: Money[];
  /** YYYY-MM-DD */
  payBy: string;
  /** What is due by payBy when it is part of the totals: a payment plan's instalment. */
  instalmentAmount?: Money;
  /** Rendered in the opt-out line when given. */
  optOutUrl: string | null;
}

export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
  /** The language the message was rendered in, after falling back. */
  language: string;
}

export interface DeliveryOutcome {
  /**
   * BOUNCED: the recipient was refused for good (SMTP 5xx on RCPT, provider says invalid number,
   * no address); FAILED: transient, try again later.
   */
  status: 'SENT' | 'BOUNCED' | 'FAILED';
  providerMessageId: string | null;
  /** Short, no personal data. */
  detail: string | null;
  /** LETTER: the PDF to print and post. */
  letterPdf?: Buffer;
}

export interface CollectionDelivery {
  send(channel: MessageChannel, message: CollectionMessage): Promise<DeliveryOutcome>;
  close(): Promise<void>;
}
