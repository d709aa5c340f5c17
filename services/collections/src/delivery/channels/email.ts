import nodemailer from 'nodemailer';
import addressparser from 'nodemailer/lib/addressparser';
import type { CollectionMessage, DeliveryOutcome, RenderedMessage } from '../message';
import { bounced, failed, sent } from './outcomes';

/** Bounds on one SMTP exchange, so a stalled relay fails the attempt instead of holding it. */
const CONNECTION_TIMEOUT_MS = 10_000;
const GREETING_TIMEOUT_MS = 10_000;
const SOCKET_TIMEOUT_MS = 30_000;

/** What nodemailer attaches to a failed send. */
interface SmtpError {
  code?: string;
  command?: string;
  responseCode?: number;
}

export interface EmailSender {
  send(message: CollectionMessage, rendered: RenderedMessage): Promise<DeliveryOutcome>;
  close(): void;
}

/** The one address of a From setting such as `Accounts <accounts@lexfin.invalid>`, or null. */
export function mailboxOf(from: string): string | null {
  const parsed = addressparser(from, { flatten: true });
  const mailbox = parsed.length === 1 ? parsed[0]!.address : '';
  return /^[^@\s]+@[^@\s]+$/.test(mailbox) ? mailbox : null;
}

/**
 * Email over SMTP through a pooled transport (connections are kept and reused between sends,
 * closed by `close()`). The firm's name is the sender's display name over the configured
 * mailbox; replies go to the firm.
 */
export function createEmailSender(settings: {
  smtpUrl: string;
  mailFrom: string;
  smtpMaxConnections?: number;
}): EmailSender {
  const mailbox = mailboxOf(settings.mailFrom);
  if (mailbox === null) throw new Error('the mail sender must be one address, e.g. a@b.example');
  const domain = mailbox.slice(mailbox.lastIndexOf('@') + 1);
  const transport = nodemailer.createTransport({
    pool: true,
    url: settings.smtpUrl,
    maxConnections: settings.smtpMaxConnections ?? 2,
    connectionTimeout: CONNECTION_TIMEOUT_MS,
    greetingTimeout: GREETING_TIMEOUT_MS,
    socketTimeout: SOCKET_TIMEOUT_MS,
    logger: false,
  });
  return {
    async send(message, rendered) {
      const to = message.client.email;
      if (to === null || to.trim() === '') return bounced('no email address');
      try {
        const info = await transport.sendMail({
          messageId: `<${message.messageId}@${domain}>`,
          from: { name: message.firm.name, address: mailbox },
          ...(message.firm.replyToEmail ? { replyTo: message.firm.replyToEmail } : {}),
          to: { name: message.client.displayName, address: to },
          subject: rendered.subject,
          text: rendered.text,
          html: rendered.html,
          headers: { 'Content-Language': rendered.language },
        });
        return sent(info.messageId);
      } catch (error) {
        return outcomeOf(error as SmtpError);
      }
    },
    close: () => transport.close(),
  };
}

/**
 * A 5xx answer to RCPT TO is the receiving server refusing the mailbox for good: bounced. An
 * envelope nodemailer will not even send (an address it cannot read) is bounced too. Everything
 * else (no connection, timeouts, 4xx, a refused sender or message) may pass later: failed. The
 * server's wording is left out, since it often quotes the address.
 */
function outcomeOf(error: SmtpError): DeliveryOutcome {
  const code = error.responseCode;
  if (error.command === 'RCPT TO' && code !== undefined && code >= 500) {
    return bounced(`recipient refused by the mail server (${code})`);
  }
  if (error.code === 'EENVELOPE' && code === undefined) return bounced('email address not usable');
  if (code !== undefined)
    return failed(`mail server answered ${code} to ${error.command ?? 'the message'}`);
  return failed(`mail server not reached (${error.code ?? 'error'})`);
}
