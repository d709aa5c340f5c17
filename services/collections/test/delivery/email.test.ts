import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import {
  startSmtpServer,
  waitUntil,
  type ReceivedMail,
  type TestSmtpServer,
} from '@lexfin/testing';
import type { CollectionDelivery } from '../../src/delivery';
import { capturedLogger, reminder, reminderFigures, reminderTo, testDelivery } from './messages';

describe('collection email over SMTP', () => {
  let smtp: TestSmtpServer;
  let delivery: CollectionDelivery;
  const log = capturedLogger();

  beforeAll(async () => {
    smtp = await startSmtpServer({
      rejectRecipients: ['gone@northwind.example'],
      deferRecipients: ['busy@northwind.example'],
    });
    delivery = testDelivery({ smtpUrl: smtp.url }, log.logger);
  });

  afterAll(async () => {
    await delivery.close();
    await smtp.close();
  });

  it('reaches the mail server with the subject, every item, the totals and the opt-out line', async () => {
    const message = reminder();

    const outcome = await delivery.send('EMAIL', message);

    expect(outcome).toEqual({
      status: 'SENT',
      providerMessageId: `<${message.messageId}@lexfin.invalid>`,
      detail: null,
    });
    const mail = await mailWith(message.messageId);
    expect(mail.messageId).toBe(`<${message.messageId}@lexfin.invalid>`);
    expect(mail.to).toEqual(['ap@northwind.example']);
    expect(mail.from).toBe('"Hale & Ortiz LLP" <accounts@lexfin.invalid>');
    expect(mail.subject).toBe('Hale & Ortiz LLP: a friendly payment reminder');
    for (const body of [mail.text, mail.html]) {
      for (const expected of [
        ...reminderFigures,
        'December 16, 2026',
        'you can opt out at https://pay.hale-ortiz.example/opt-out/abc123',
      ]) {
        expect(body).toContain(expected);
      }
    }
    expect(mail.html).toContain('Hale &amp; Ortiz LLP');
  });

  it('delivers a client named <script> as text, never as markup', async () => {
    const message = reminder({
      firm: {
        name: '<b>Hale</b> & Ortiz',
        replyToEmail: 'billing@hale-ortiz.example',
        phone: null,
      },
      client: { ...reminder().client, displayName: '<script>alert("x")</script>' },
    });

    await delivery.send('EMAIL', message);

    const mail = await mailWith(message.messageId);
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).not.toContain('<b>Hale');
    expect(mail.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(mail.html).toContain('&lt;b&gt;Hale&lt;/b&gt; &amp; Ortiz');
    expect(mail.text).toContain('Dear <script>alert("x")</script>,');
  });

  it('writes in Spanish to a client asking for es-MX, in English to one asking for de', async () => {
    const spanish = reminder({ language: 'es-MX' });
    const german = reminder({ language: 'de' });

    await delivery.send('EMAIL', spanish);
    await delivery.send('EMAIL', german);

    const inSpanish = await mailWith(spanish.messageId);
    expect(inSpanish.subject).toBe('Hale & Ortiz LLP: recordatorio amable de pago');
    expect(inSpanish.text).toContain('Estimado/a Northwind Traders:');
    expect(inSpanish.text).toContain('16 de diciembre de 2026');
    const inEnglish = await mailWith(german.messageId);
    expect(inEnglish.subject).toBe('Hale & Ortiz LLP: a friendly payment reminder');
    expect(inEnglish.text).toContain('Dear Northwind Traders,');
  });

  it('is BOUNCED when the mail server refuses the recipient', async () => {
    const message = reminderTo({ email: 'gone@northwind.example' });

    const outcome = await delivery.send('EMAIL', message);

    expect(outcome).toEqual({
      status: 'BOUNCED',
      providerMessageId: null,
      detail: 'recipient refused by the mail server (550)',
    });
    expect(smtp.received().some((mail) => mail.messageId.includes(message.messageId))).toBe(false);
  });

  it('is FAILED, to be tried again, when the mail server defers the recipient (4xx)', async () => {
    const message = reminderTo({ email: 'busy@northwind.example' });

    const outcome = await delivery.send('EMAIL', message);

    expect(outcome).toEqual({
      status: 'FAILED',
      providerMessageId: null,
      detail: 'mail server answered 451 to RCPT TO',
    });
  });

  it('sends through a pool of at most two connections, kept open between messages', async () => {
    const pooled = await startSmtpServer();
    const pooledDelivery = testDelivery({ smtpUrl: pooled.url });
    try {
      const outcomes = await Promise.all(
        Array.from({ length: 6 }, () => pooledDelivery.send('EMAIL', reminder())),
      );
      await pooledDelivery.send('EMAIL', reminder());

      expect(outcomes.map((outcome) => outcome.status)).toEqual(Array(6).fill('SENT'));
      expect(pooled.received()).toHaveLength(7);
      expect(pooled.connectionCount()).toBeLessThanOrEqual(2);
    } finally {
      await pooledDelivery.close();
      await pooled.close();
    }
  });

  it('logs the attempt and its outcome, never the client or the address', async () => {
    const message = reminder();

    await delivery.send('EMAIL', message);

    const lines = log.lines();
    expect(lines).toContain(message.messageId);
    expect(lines).toContain('"status":"SENT"');
    expect(lines).not.toContain('northwind');
    expect(lines).not.toContain('Northwind');
    expect(lines).not.toContain('Hale');
  });

  async function mailWith(messageId: string): Promise<ReceivedMail> {
    const find = () => smtp.received().find((mail) => mail.messageId.includes(messageId));
    await waitUntil(() => find() !== undefined, 10_000, 20);
    return find()!;
  }
});

describe('collection email when the mail server is down', () => {
  let closedPort: number;
  let hangingUp: Server;

  beforeAll(async () => {
    // A port that was just free and is closed again: connections to it are refused.
    const probe = await listen();
    closedPort = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    hangingUp = await listen();
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => hangingUp.close(() => resolve()));
  });

  it('is FAILED, to be tried again, when the connection is refused', async () => {
    const delivery = testDelivery({ smtpUrl: `smtp://127.0.0.1:${closedPort}` });

    const outcome = await delivery.send('EMAIL', reminder());
    await delivery.close();

    expect(outcome).toEqual({
      status: 'FAILED',
      providerMessageId: null,
      detail: 'mail server not reached (ESOCKET)',
    });
  });

  it('is FAILED when the server hangs up before greeting', async () => {
    const delivery = testDelivery({
      smtpUrl: `smtp://127.0.0.1:${(hangingUp.address() as AddressInfo).port}`,
    });

    const outcome = await delivery.send('EMAIL', reminder());
    await delivery.close();

    expect(outcome.status).toBe('FAILED');
    expect(outcome.detail).toMatch(/^mail server not reached/);
  });
});

function listen(): Promise<Server> {
  return new Promise((resolve) => {
    const server = createServer((socket) => socket.destroy());
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}
