import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  billingEvents,
  countryCodeSchema,
  languageTagSchema,
  phoneNumberSchema,
  subdivisionCodeSchema,
  subdivisionInCountry,
} from '@lexfin/contracts';
import { BadUserInputError } from '@lexfin/platform';
import { allow, emit, eventOf, inFirm, input, type Caller } from '@lexfin/service-kit';
import type { BillingDeps } from './deps';
import { Roles } from './roles';
import { updateInput, withoutUndefined } from './update-input';
import { lockClient, type ClientRow } from './loaders';

const { clientCreatedV2, clientUpdatedV2 } = billingEvents;

const clientFields = {
  displayName: input.text,
  kind: input.oneOf(['PERSON', 'ORGANISATION']),
  billingContactName: input.optionalText,
  billingEmail: z.email('must be an email address').nullish(),
  timeZone: input.timeZone,
  currency: input.currency,
  phone: phoneNumberSchema.nullish(),
  postalAddress: z
    .object({
      line1: input.text,
      line2: input.optionalText,
      city: input.text,
      region: subdivisionCodeSchema.nullish(),
      postalCode: input.optionalText,
      country: countryCodeSchema,
    })
    .nullish(),
  preferredContactChannel: input.oneOf(['EMAIL', 'SMS', 'POST']).nullish(),
  contactConsent: z.object({ email: z.boolean(), sms: z.boolean(), post: z.boolean() }).nullish(),
  language: languageTagSchema.nullish(),
  doNotContact: z.boolean().default(false),
  doNotContactReason: input.optionalText,
};
const createClientInput = z.object(clientFields);
const updateClientInput = updateInput('clientId', clientFields);

type ClientFields = Partial<z.output<typeof createClientInput>>;

/** Fields -> columns; undefined leaves a column as it is (updateClient), null clears it. */
function contactColumns(fields: ClientFields) {
  const address = fields.postalAddress;
  const consent = fields.contactConsent;
  return {
    phone: fields.phone,
    ...(address === undefined
      ? {}
      : {
          address_line1: address?.line1 ?? null,
          address_line2: address?.line2 ?? null,
          address_city: address?.city ?? null,
          address_region: address?.region ?? null,
          address_postal_code: address?.postalCode ?? null,
          address_country: address?.country ?? null,
        }),
    preferred_contact_channel: fields.preferredContactChannel,
    ...(consent === undefined
      ? {}
      : {
          consent_email: consent?.email ?? false,
          consent_sms: consent?.sms ?? false,
          consent_post: consent?.post ?? false,
        }),
    language: fields.language,
    do_not_contact: fields.doNotContact,
    do_not_contact_reason: fields.doNotContactReason,
  };
}

type ContactState = Pick<
  ClientRow,
  | 'billing_email'
  | 'phone'
  | 'address_line1'
  | 'address_region'
  | 'address_country'
  | 'preferred_contact_channel'
  | 'do_not_contact'
  | 'do_not_contact_reason'
>;

/** A new client's contact before the caller's fields: nothing known, may be contacted. */
const noContact: ContactState = {
  billing_email: null,
  phone: null,
  address_line1: null,
  address_region: null,
  address_country: null,
  preferred_contact_channel: null,
  do_not_contact: false,
  do_not_contact_reason: null,
};

/** The rules across fields, on the client as it will be, before it is written. */
function assertContact(client: ContactState): void {
  const problems: Record<string, string> = {};
  if (
    client.address_region !== null &&
    !subdivisionInCountry(client.address_region, client.address_country!)
  ) {
    problems['postalAddress.region'] = `must be a subdivision of ${client.address_country}`;
  }
  const detail = { EMAIL: client.billing_email, SMS: client.phone, POST: client.address_line1 };
  const channel = client.preferred_contact_channel;
  if (channel !== null && detail[channel] === null) {
    problems.preferredContactChannel = `needs the client's ${
      { EMAIL: 'billingEmail', SMS: 'phone', POST: 'postalAddress' }[channel]
    }`;
  }
  if (client.do_not_contact && client.do_not_contact_reason === null) {
    problems.doNotContactReason = 'is required when doNotContact is true';
  }
  if (!client.do_not_contact && client.do_not_contact_reason !== null) {
    problems.doNotContactReason = 'is only for a client not to be contacted';
  }
  if (Object.keys(problems).length > 0) throw new BadUserInputError(problems);
}

/** The client as its events and the GraphQL Client carry it. */
export function clientState(client: ClientRow) {
  return {
    clientId: client.id,
    displayName: client.display_name,
    kind: client.kind,
    currency: client.currency,
    timeZone: client.time_zone,
    billingEmail: client.billing_email,
    phone: client.phone,
    postalAddress:
      client.address_line1 === null
        ? null
        : {
            line1: client.address_line1,
            line2: client.address_line2,
            city: client.address_city!,
            region: client.address_region,
            postalCode: client.address_postal_code,
            country: client.address_country!,
          },
    preferredContactChannel: client.preferred_contact_channel,
    contactConsent: {
      email: client.consent_email,
      sms: client.consent_sms,
      post: client.consent_post,
    },
    language: client.language,
    doNotContact: client.do_not_contact,
    doNotContactReason: client.do_not_contact_reason,
  };
}

export async function createClient(deps: BillingDeps, caller: Caller, args: unknown) {
  allow(caller, Roles.clerical);
  const fields = input.parseInput(createClientInput, args);
  const contact = withoutUndefined(contactColumns(fields));
  assertContact({ ...noContact, billing_email: fields.billingEmail ?? null, ...contact });
  return inFirm(deps.db, caller, async (tx) => {
    // The tenant directory lets the daily job find this firm.
    await tx
      .insertInto('firms')
      .values({ firm_id: caller.firmId })
      .onConflict((c) => c.doNothing())
      .execute();
    const client = await tx
      .insertInto('clients')
      .values({
        id: randomUUID(),
        firm_id: caller.firmId,
        display_name: fields.displayName,
        kind: fields.kind,
        billing_contact_name: fields.billingContactName ?? null,
        billing_email: fields.billingEmail ?? null,
        time_zone: fields.timeZone,
        currency: fields.currency,
        ...contact,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await emit(tx, [eventOf(caller, clientCreatedV2, client.id, clientState(client))]);
    return client;
  });
}

export async function updateClient(deps: BillingDeps, caller: Caller, args: unknown) {
  allow(caller, Roles.clerical);
  const fields = input.parseInput(updateClientInput, args);
  return inFirm(deps.db, caller, async (tx) => {
    const current = await lockClient(tx, caller, fields.clientId);
    const contact = contactColumns(fields);
    assertContact({
      ...current,
      ...withoutUndefined({ billing_email: fields.billingEmail, ...contact }),
    });
    const client = await tx
      .updateTable('clients')
      .set({
        display_name: fields.displayName,
        kind: fields.kind,
        billing_contact_name: fields.billingContactName,
        billing_email: fields.billingEmail,
        time_zone: fields.timeZone,
        currency: fields.currency,
        ...contact,
        updated_at: new Date(),
      })
      .where('firm_id', '=', caller.firmId)
      .where('id', '=', fields.clientId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await emit(tx, [eventOf(caller, clientUpdatedV2, client.id, clientState(client))]);
    return client;
  });
}
