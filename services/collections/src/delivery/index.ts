export type {
  CollectionDelivery,
  CollectionMessage,
  DeliveryOutcome,
  MessageChannel,
  MessageTemplateKey,
  OpenItemLine,
  PostalAddress,
  RenderedMessage,
} from './message';
export { MESSAGE_TEMPLATE_KEYS } from './message';
export { renderCollectionMessage } from './rendering/render';
export { deliveryConfigShape, deliverySettingsFrom, type DeliverySettings } from './config';
export { createCollectionDelivery } from './collection-delivery';
