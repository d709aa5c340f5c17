import type { GraphQLClient, MessageCollector } from '@lexfin/testing';
import { errorOf, eventsOf, ok } from '../support/fixtures';
import { newFirm, startHarness, type Harness } from '../support/harness';

let harness: Harness;
let clerk: GraphQLClient;
let collector: MessageCollector;
const firmId = newFirm();

beforeAll(async () => {
  harness = await startHarness();
  clerk = await harness.as({ firmId, roles: ['billing_clerk'] });
  collector = await harness.collectEvents(firmId);
});

afterAll(() => harness.close());

const CONTACT = `id phone postalAddress { line1 line2 city region postalCode country }
  preferredContactChannel contactConsent { email sms post } language doNotContact doNotContactReason`;
const CREATE = `mutation($input: CreateClientInput!) { createClient(input: $input) { ${CONTACT} } }`;
const UPDATE = `mutation($input: UpdateClientInput!) { updateClient(input: $input) { ${CONTACT} } }`;

const base = {
  displayName: 'Quay Holdings',
  kind: 'ORGANISATION',
  timeZone: 'America/Los_Angeles',
  currency: 'USD',
};
const address = {
  line1: '9 Pier Street',
  city: 'San Francisco',
  region: 'US-CA',
  postalCode: '94111',
  country: 'US',
};

describe('client contact and consent', () => {
  it('are kept on the client and published in client.created.v2 and client.updated.v2', async () => {
    const created = (
      await ok(clerk, CREATE, {
        input: {
          ...base,
          billingEmail: 'ap@quay.example',
          phone: '+14155550123',
          postalAddress: address,
          preferredContactChannel: 'SMS',
          contactConsent: { email: true, sms: true, post: false },
          language: 'en-US',
        },
      })
    ).createClient;
    expect(created).toEqual({
      id: expect.any(String),
      phone: '+14155550123',
      postalAddress: { ...address, line2: null },
      preferredContactChannel: 'SMS',
      contactConsent: { email: true, sms: true, post: false },
      language: 'en-US',
      doNotContact: false,
      doNotContactReason: null,
    });
    const updated = (
      await ok(clerk, UPDATE, {
        input: {
          clientId: created.id,
          doNotContact: true,
          doNotContactReason: 'Represented by counsel',
          contactConsent: { email: true, sms: false, post: false },
        },
      })
    ).updateClient;
    expect(updated).toMatchObject({
      phone: '+14155550123',
      contactConsent: { email: true, sms: false, post: false },
      doNotContact: true,
      doNotContactReason: 'Represented by counsel',
    });

    const [createdEvent] = await eventsOf(collector, 'lexfin.billing.client.created.v2', 1);
    expect(createdEvent.data).toEqual({
      clientId: created.id,
      displayName: 'Quay Holdings',
      kind: 'ORGANISATION',
      currency: 'USD',
      timeZone: 'America/Los_Angeles',
      billingEmail: 'ap@quay.example',
      phone: '+14155550123',
      postalAddress: { ...address, line2: null },
      preferredContactChannel: 'SMS',
      contactConsent: { email: true, sms: true, post: false },
      language: 'en-US',
      doNotContact: false,
      doNotContactReason: null,
    });
    const [updatedEvent] = await eventsOf(collector, 'lexfin.billing.client.updated.v2', 1);
    expect(updatedEvent.data).toMatchObject({
      clientId: created.id,
      doNotContact: true,
      doNotContactReason: 'Represented by counsel',
      contactConsent: { email: true, sms: false, post: false },
    });
    // Billing publishes the new versions only.
    expect(await eventsOf(collector, 'lexfin.billing.client.created.v1', 0)).toEqual([]);
  });

  it('start with no consent and may be contacted', async () => {
    const created = (await ok(clerk, CREATE, { input: base })).createClient;
    expect(created).toMatchObject({
      phone: null,
      postalAddress: null,
      contactConsent: { email: false, sms: false, post: false },
      doNotContact: false,
    });
  });

  it.each([
    [{ timeZone: 'Mars/Olympus' }, 'timeZone'],
    [{ timeZone: '+05:00' }, 'timeZone'],
    [{ phone: '4155550123' }, 'phone'],
    [{ phone: '+1 (415) 555-0123' }, 'phone'],
    [{ postalAddress: { ...address, country: 'UK' } }, 'postalAddress.country'],
    [{ postalAddress: { ...address, country: 'ZZ' } }, 'postalAddress.country'],
    [{ postalAddress: { ...address, region: 'US-XX' } }, 'postalAddress.region'],
    [{ postalAddress: { ...address, country: 'CA' } }, 'postalAddress.region'],
    [{ language: 'en_US' }, 'language'],
    [{ preferredContactChannel: 'POST' }, 'preferredContactChannel'],
    [{ doNotContact: true }, 'doNotContactReason'],
    [{ doNotContactReason: 'Asked us to stop' }, 'doNotContactReason'],
  ])('refuses %j as BAD_USER_INPUT naming %s', async (change, field) => {
    const error = await errorOf(clerk, CREATE, { input: { ...base, ...change } });
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(Object.keys(error.extensions?.fields as object)).toEqual([field]);
  });
});
