import { startSmsReceiver, type TestSmsReceiver } from '@lexfin/testing';
import type { CollectionDelivery } from '../../src/delivery';
import { createSmsSender } from '../../src/delivery/channels/sms';
import { reminder, reminderTo, testDelivery } from './messages';

describe('collection SMS through the provider', () => {
  let receiver: TestSmsReceiver;
  let delivery: CollectionDelivery;

  beforeAll(async () => {
    receiver = await startSmsReceiver({ rejectNumbers: ['+15005550001'] });
    delivery = testDelivery({ smsUrl: receiver.url, smsToken: receiver.token });
  });

  afterAll(async () => {
    await delivery.close();
    await receiver.close();
  });

  it('reaches the provider with the short text, keyed by the attempt', async () => {
    const message = reminder();

    const outcome = await delivery.send('SMS', message);

    const [sms] = receiver.received().filter((got) => got.idempotencyKey === message.messageId);
    expect(outcome).toEqual({ status: 'SENT', providerMessageId: sms!.id, detail: null });
    expect(sms!.to).toBe('+14155550123');
    expect(sms!.body).toContain('USD 1,630.55, EUR 2,400.00');
    expect(sms!.body).toContain('December 16, 2026');
    expect(sms!.body).toContain('Opt out: https://pay.hale-ortiz.example/opt-out/abc123');
    expect(sms!.body.length).toBeLessThanOrEqual(480);
  });

  it('is sent once when the same attempt is sent again', async () => {
    const message = reminder();

    const first = await delivery.send('SMS', message);
    const again = await delivery.send('SMS', message);

    expect(again.providerMessageId).toBe(first.providerMessageId);
    expect(
      receiver.received().filter((sms) => sms.idempotencyKey === message.messageId),
    ).toHaveLength(1);
  });

  it('is BOUNCED when the provider says the number is invalid', async () => {
    const message = reminderTo({ phone: '+15005550001' });

    const outcome = await delivery.send('SMS', message);

    expect(outcome).toEqual({
      status: 'BOUNCED',
      providerMessageId: null,
      detail: 'number refused by the SMS provider (422)',
    });
  });

  it('is FAILED when the provider refuses the token, since that is the firm to fix, not the client', async () => {
    const wrongToken = testDelivery({ smsUrl: receiver.url, smsToken: 'not-the-token' });

    const outcome = await wrongToken.send('SMS', reminder());

    expect(outcome).toEqual({
      status: 'FAILED',
      providerMessageId: null,
      detail: 'SMS provider answered 401',
    });
  });

  it('is BOUNCED when no SMS provider is configured', async () => {
    const outcome = await testDelivery({ smsUrl: null, smsToken: null }).send('SMS', reminder());

    expect(outcome).toEqual({
      status: 'BOUNCED',
      providerMessageId: null,
      detail: 'no SMS provider configured',
    });
  });
});

describe('collection SMS when the provider is in trouble', () => {
  it('is FAILED when the provider answers 5xx', async () => {
    const receiver = await startSmsReceiver({ failStatus: 503 });
    try {
      const outcome = await testDelivery({ smsUrl: receiver.url, smsToken: receiver.token }).send(
        'SMS',
        reminder(),
      );

      expect(outcome).toEqual({
        status: 'FAILED',
        providerMessageId: null,
        detail: 'SMS provider answered 503',
      });
    } finally {
      await receiver.close();
    }
  });

  it('is FAILED when the provider cannot be reached', async () => {
    const receiver = await startSmsReceiver();
    const { url, token } = receiver;
    await receiver.close();

    const outcome = await testDelivery({ smsUrl: url, smsToken: token }).send('SMS', reminder());

    expect(outcome).toEqual({
      status: 'FAILED',
      providerMessageId: null,
      detail: 'SMS provider not reached',
    });
  });

  it('is FAILED, without waiting longer than the timeout, when the provider never answers', async () => {
    const receiver = await startSmsReceiver({ stall: true });
    try {
      const sender = createSmsSender({ url: receiver.url, token: receiver.token, timeoutMs: 300 });
      const started = performance.now();

      const outcome = await sender.send(reminder(), 'text');

      expect(outcome).toEqual({
        status: 'FAILED',
        providerMessageId: null,
        detail: 'SMS provider did not answer within 300 ms',
      });
      expect(performance.now() - started).toBeLessThan(3_000);
    } finally {
      await receiver.close();
    }
  });
});
