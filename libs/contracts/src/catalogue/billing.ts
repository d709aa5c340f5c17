import { z } from 'zod';
import { defineEvent } from '../define-event';
import {
  businessDateSchema,
  currencySchema,
  moneySchema,
  timeZoneSchema,
  uuidSchema,
} from '../schemas';

// Events published by the billing service, which owns clients and matters. Every export here is an
// event definition: the catalogue takes them all.

const clientState = {
  clientId: uuidSchema,
  displayName: z.string().min(1),
  kind: z.enum(['PERSON', 'ORGANISATION']),
  currency: currencySchema,
  timeZone: timeZoneSchema,
  billingEmail: z.email().optional(),
};

export const clientCreated = defineEvent({
  service: 'billing',
  entity: 'client',
  verb: 'created',
  version: 1,
  description: 'A client was added to the firm.',
  data: z.object(clientState),
  clientIdOf: (data) => data.clientId,
});

export const clientUpdated = defineEvent({
  service: 'billing',
  entity: 'client',
  verb: 'updated',
  version: 1,
  description: "A client's details changed; carries the client's full current state, not a diff.",
  data: z.object(clientState),
  clientIdOf: (data) => data.clientId,
});

export const matterOpened = defineEvent({
  service: 'billing',
  entity: 'matter',
  verb: 'opened',
  version: 1,
  description: 'A matter was opened for a client.',
  data: z
    .object({
      matterId: uuidSchema,
      clientId: uuidSchema,
      matterNumber: z.string().min(1),
      description: z.string(),
      billingArrangement: z.enum(['HOURLY', 'FLAT_FEE', 'CONTINGENCY', 'HYBRID']),
      currency: currencySchema,
      paymentTermsDays: z
        .int()
        .min(0)
        .describe('Net terms: an invoice is due this many days after its date'),
      evergreenRetainerMinimum: moneySchema
        .nullable()
        .describe('The trust balance the client must keep topped up to, or null if none'),
      openedOn: businessDateSchema,
    })
    .refine(
      (matter) =>
        matter.evergreenRetainerMinimum === null ||
        matter.evergreenRetainerMinimum.currency === matter.currency,
      {
        path: ['evergreenRetainerMinimum', 'currency'],
        message: "must be the matter's currency",
      },
    ),
  clientIdOf: (data) => data.clientId,
});

export const matterClosed = defineEvent({
  service: 'billing',
  entity: 'matter',
  verb: 'closed',
  version: 1,
  description: 'A matter was closed; no new work may be recorded on it.',
  data: z.object({
    matterId: uuidSchema,
    clientId: uuidSchema,
    closedOn: businessDateSchema,
  }),
  clientIdOf: (data) => data.clientId,
});
