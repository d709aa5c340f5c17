export { buildAsyncApiDocument, renderAsyncApiYaml } from './asyncapi/build-asyncapi';
export {
  billingEvents,
  collectionsEvents,
  creditEvents,
  eventCatalogue,
  trustEvents,
  webhookEvents,
  findEventDefinition,
  type CatalogueEvent,
  type CatalogueEventType,
  type EventCatalogue,
} from './catalogue';
export { createEvent, decodeEvent, encodeEvent, type EncodedEvent, type NewEvent } from './codec';
export { defineEvent, type EventDefinition, type EventSpec, type EventType } from './define-event';
export { envelopeSchema, type EventEnvelope } from './envelope';
export { EventValidationError, UnknownEventTypeError, type FieldIssue } from './errors';
export {
  businessDateSchema,
  countryCodeSchema,
  creditGradeSchema,
  creditGrades,
  currencySchema,
  instantSchema,
  languageTagSchema,
  moneySchema,
  phoneNumberSchema,
  subdivisionCodeSchema,
  subdivisionInCountry,
  timeZoneSchema,
  uuidSchema,
  type CreditGrade,
  type MoneyJson,
} from './schemas';
export {
  allTopics,
  deadLetterTopicFor,
  DEFAULT_PARTITIONS,
  messageKeyFor,
  serviceNames,
  serviceTopicFor,
  type ServiceName,
  type ServiceTopic,
  type TopicSpec,
} from './topics';
