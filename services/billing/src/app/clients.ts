import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { billingEvents } from '@lexfin/contracts';
import {
  allow,
  eventOf,
  inFirm,
  parseInput,
  publish,
  Roles,
  type Actor,
  type BillingDeps,
} from './context';
import { currency, optionalText, text, timeZone, updateInput } from './inputs';
import { lockClient, type ClientRow } from './loaders';

const { clientCreated, clientUpdated } = billingEvents;

const clientFields = {
  displayName: text,
  kind: z.enum(['PERSON', 'ORGANISATION']),
  billingContactName: optionalText,
  billingEmail: z.email('must be an email address').nullish(),
  timeZone,
  currency,
};
const createClientInput = z.object(clientFields);
const updateClientInput = updateInput('clientId', clientFields);

function clientState(client: ClientRow) {
  return {
    clientId: client.id,
    displayName: client.display_name,
    kind: client.kind,
    currency: client.currency,
    timeZone: client.time_zone,
    ...(client.billing_email === null ? {} : { billingEmail: client.billing_email }),
  };
}

export async function createClient(deps: BillingDeps, actor: Actor, input: unknown) {
  allow(actor, Roles.clerical);
  const fields = parseInput(createClientInput, input);
  return inFirm(deps, actor, async (tx) => {
    // The tenant directory lets the daily job find this firm.
    await tx
      .insertInto('firms')
      .values({ firm_id: actor.firmId })
      .onConflict((c) => c.doNothing())
      .execute();
    const client = await tx
      .insertInto('clients')
      .values({
        id: randomUUID(),
        firm_id: actor.firmId,
        display_name: fields.displayName,
        kind: fields.kind,
        billing_contact_name: fields.billingContactName ?? null,
        billing_email: fields.billingEmail ?? null,
        time_zone: fields.timeZone,
        currency: fields.currency,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await publish(tx, [eventOf(actor, clientCreated, client.id, clientState(client))]);
    return client;
  });
}

export async function updateClient(deps: BillingDeps, actor: Actor, input: unknown) {
  allow(actor, Roles.clerical);
  const fields = parseInput(updateClientInput, input);
  return inFirm(deps, actor, async (tx) => {
    await lockClient(tx, actor, fields.clientId);
    const client = await tx
      .updateTable('clients')
      .set({
        display_name: fields.displayName,
        kind: fields.kind,
        billing_contact_name: fields.billingContactName,
        billing_email: fields.billingEmail,
        time_zone: fields.timeZone,
        currency: fields.currency,
        updated_at: new Date(),
      })
      .where('firm_id', '=', actor.firmId)
      .where('id', '=', fields.clientId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await publish(tx, [eventOf(actor, clientUpdated, client.id, clientState(client))]);
    return client;
  });
}
