import type { CatalogueEventType } from '../src';
import { billingSamples } from './samples/billing';
import { collectionsSamples } from './samples/collections';
import { creditSamples } from './samples/credit';
import { trustSamples } from './samples/trust';
import { webhookSamples } from './samples/webhooks';
import type { Sample } from './samples/sample';

export { clientId, firmId, matterId } from './samples/ids';

/** A valid payload and subject for every catalogue event; a new event type needs one in its service's file. */
export const samples: Record<CatalogueEventType, Sample> = {
  ...billingSamples,
  ...collectionsSamples,
  ...creditSamples,
  ...trustSamples,
  ...webhookSamples,
};
