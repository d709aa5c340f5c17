import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { waitUntil } from './wait-until';

/** One message as the local SMTP server took it: envelope recipients and the parsed content. */
export interface ReceivedMail {
  /** The Message-ID header, angle brackets included. */
  messageId: string;
  /** The From header as written, e.g. `"Smith LLP" <accounts@lexfin.invalid>`. */
  from: string;
  /** The envelope recipients (RCPT TO) the server accepted. */
  to: string[];
  subject: string;
  text: string;
  html: string;
}

export interface TestSmtpServer {
  /** `smtp://127.0.0.1:<port>` */
  url: string;
  /** The messages kept (every one, or the sample when `sampleEvery` is set), parsed. */
  received(): ReceivedMail[];
  /** How many messages the server accepted, kept or not. */
  acceptedCount(): number;
  /** The envelope recipients of every accepted message, in arrival order. */
  recipients(): string[];
  /** How many SMTP connections clients opened so far (a pooled client reuses them). */
  connectionCount(): number;
  /** Resolves once at least `count` messages arrived (all of them, in arrival order). */
  waitForMail(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

export interface TestSmtpServerOptions {
  /** Addresses refused at RCPT TO with 550, as a mailbox that does not exist is. */
  rejectRecipients?: string[];
  /** Addresses deferred at RCPT TO with 451, as a busy or greylisting server does. */
  deferRecipients?: string[];
  /**
   * Parse and keep one message in every `sampleEvery` (the first, then every n-th); the others
   * are only counted and their recipients noted. A bench's server takes 100,000 messages, and
   * parsing each would cost it more than sending them costs the service.
   */
  sampleEvery?: number;
}

/**
 * A local SMTP server on 127.0.0.1 (ephemeral port) that keeps every message it accepts, parsed.
 * No STARTTLS and no AUTH, as a development relay: the client sends in plain text at once.
 */
export async function startSmtpServer(
  options: TestSmtpServerOptions = {},
): Promise<TestSmtpServer> {
  const lowered = (addresses: string[] = []) => new Set(addresses.map((a) => a.toLowerCase()));
  const rejected = lowered(options.rejectRecipients);
  const deferred = lowered(options.deferRecipients);
  const mails: ReceivedMail[] = [];
  const recipients: string[] = [];
  const sampleEvery = options.sampleEvery ?? 1;
  let accepted = 0;
  let connections = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    // Clients are local: no reverse DNS lookup of each connection's address.
    disableReverseLookup: true,
    logger: false,
    onConnect(_session, callback) {
      connections += 1;
      callback();
    },
    onRcptTo(address, _session, callback) {
      const recipient = address.address.toLowerCase();
      if (rejected.has(recipient)) {
        return callback(refusal(550, '5.1.1 Recipient address rejected: mailbox unavailable'));
      }
      if (deferred.has(recipient)) {
        return callback(refusal(451, '4.7.1 Please try again later'));
      }
      callback();
    },
    onData(stream, session, callback) {
      const index = accepted;
      accepted += 1;
      recipients.push(...session.envelope.rcptTo.map((recipient) => recipient.address));
      if (index % sampleEvery !== 0) {
        stream.on('end', () => callback());
        stream.resume();
        return;
      }
      simpleParser(stream).then(
        (parsed) => {
          mails.push({
            messageId: parsed.messageId ?? '',
            from: parsed.from?.text ?? '',
            to: session.envelope.rcptTo.map((recipient) => recipient.address),
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : '',
          });
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received: () => [...mails],
    acceptedCount: () => accepted,
    recipients: () => [...recipients],
    connectionCount: () => connections,
    waitForMail: async (count, timeoutMs = 10_000) => {
      await waitUntil(() => mails.length >= count, timeoutMs, 20);
      return [...mails];
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function refusal(responseCode: number, text: string): Error {
  return Object.assign(new Error(text), { responseCode });
}
