import type { z } from 'zod';
import type { EventDefinition } from '../define-event';
import type { EventEnvelope } from '../envelope';
import * as billingEvents from './billing';
import * as collectionsEvents from './collections';
import * as creditEvents from './credit';
import * as trustEvents from './trust';
import * as webhookEvents from './webhooks';

export { billingEvents, collectionsEvents, creditEvents, trustEvents, webhookEvents };

// A service's events: one file in this folder, imported above and spread in here.
const definitions = [
  ...Object.values(billingEvents),
  ...Object.values(collectionsEvents),
  ...Object.values(creditEvents),
  ...Object.values(trustEvents),
  ...Object.values(webhookEvents),
];

type CatalogueDefinition = (typeof definitions)[number];

export type CatalogueEventType = CatalogueDefinition['type'];

/** Every event in the catalogue, keyed by its type. */
export type EventCatalogue = { readonly [D in CatalogueDefinition as D['type']]: D };

/** An envelope of any catalogue event; narrow on `type` to get its typed `data`. */
export type CatalogueEvent = {
  [D in CatalogueDefinition as D['type']]: EventEnvelope<z.output<D['data']>, D['type']>;
}[CatalogueEventType];

export const eventCatalogue: EventCatalogue = Object.freeze(keyByType(definitions));

export function findEventDefinition(type: string): EventDefinition | undefined {
  return Object.hasOwn(eventCatalogue, type)
    ? (eventCatalogue as Record<string, EventDefinition>)[type]
    : undefined;
}

function keyByType(all: readonly EventDefinition[]): EventCatalogue {
  const byType: Record<string, EventDefinition> = {};
  for (const definition of all) {
    if (Object.hasOwn(byType, definition.type)) {
      throw new Error(`event type ${definition.type} is defined twice`);
    }
    byType[definition.type] = definition;
  }
  return byType as EventCatalogue;
}
