import type { CollectionMessage, MessageChannel } from '../../src/delivery';
import { reminderTo, testDelivery } from './messages';

describe('a client with no address on the channel', () => {
  const delivery = testDelivery({ smsUrl: 'http://127.0.0.1:1/messages', smsToken: 'token' });

  afterAll(() => delivery.close());

  it.each<[MessageChannel, Partial<CollectionMessage['client']>, string]>([
    ['EMAIL', { email: null }, 'no email address'],
    ['EMAIL', { email: '  ' }, 'no email address'],
    ['SMS', { phone: null }, 'no phone number'],
    ['LETTER', { postalAddress: null }, 'no postal address'],
  ])('is BOUNCED by %s without trying: %j', async (channel, client, detail) => {
    const outcome = await delivery.send(channel, reminderTo(client));

    expect(outcome).toEqual({ status: 'BOUNCED', providerMessageId: null, detail });
  });
});
