import {
  billingEvents,
  createEvent,
  decodeEvent,
  encodeEvent,
  eventCatalogue,
  EventValidationError,
  UnknownEventTypeError,
  type EventDefinition,
} from '../src';
import { clientId, firmId, matterId, samples } from './samples';

const correlationId = 'req-7f3a';
const matterOpenedSample = samples['lexfin.billing.matter.opened.v1'];

function openMatter(data: Record<string, unknown> = {}) {
  return createEvent(billingEvents.matterOpened, {
    firmId,
    subject: matterId,
    correlationId,
    data: { ...(matterOpenedSample.data as object), ...data } as never,
  });
}

function validationError(act: () => unknown): EventValidationError {
  try {
    act();
  } catch (error) {
    expect(error).toBeInstanceOf(EventValidationError);
    return error as EventValidationError;
  }
  throw new Error('expected an EventValidationError');
}

describe.each(Object.values(eventCatalogue) as EventDefinition[])('$type', (definition) => {
  const sample = samples[definition.type as keyof typeof samples];

  it('round-trips through Kafka', () => {
    const created = createEvent(definition, {
      firmId,
      subject: sample.subject,
      data: sample.data,
      correlationId,
      causationId: 'cmd-1',
    });
    const record = encodeEvent(created);

    expect(record.topic).toBe(definition.topic);
    expect(record.key).toBe(`${firmId}:${sample.keyedBy ?? clientId}`);
    expect(record.headers).toEqual({
      ce_type: definition.type,
      ce_id: created.id,
      'content-type': 'application/cloudevents+json; charset=UTF-8',
    });
    expect(decodeEvent(record.value)).toEqual(created);
    expect(decodeEvent(Buffer.from(record.value))).toEqual(created);
  });
});

describe('createEvent', () => {
  it('fills in the CloudEvents attributes', () => {
    const event = createEvent(billingEvents.matterClosed, {
      firmId,
      subject: matterId,
      data: { matterId, clientId, closedOn: '2026-11-30' },
      correlationId,
      id: '5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d',
      time: new Date('2026-11-30T17:00:00Z'),
    });
    expect(event).toEqual({
      specversion: '1.0',
      id: '5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d',
      source: '/lexfin/billing',
      type: 'lexfin.billing.matter.closed.v1',
      time: '2026-11-30T17:00:00.000Z',
      subject: matterId,
      datacontenttype: 'application/json',
      dataschema: 'urn:lexfin:schema:lexfin.billing.matter.closed.v1',
      data: { matterId, clientId, closedOn: '2026-11-30' },
      firmid: firmId,
      correlationid: correlationId,
    });
    expect(event).not.toHaveProperty('causationid');
  });

  it('gives each event a fresh uuid and the current time', () => {
    const before = Date.now();
    const first = openMatter();
    const second = openMatter();
    expect(first.id).not.toBe(second.id);
    expect(Date.parse(first.time)).toBeGreaterThanOrEqual(before);
  });

  it('refuses money with more decimals than its currency has', () => {
    const error = validationError(() =>
      openMatter({ evergreenRetainerMinimum: { amount: '12.345', currency: 'USD' } }),
    );
    expect(error.code).toBe('EVENT_VALIDATION_FAILED');
    expect(error.issues.map((issue) => issue.path)).toEqual([
      'data.evergreenRetainerMinimum.amount',
    ]);
    expect(error.message).toContain('lexfin.billing.matter.opened.v1');
    expect(error.message).toContain(
      'data.evergreenRetainerMinimum.amount: "12.345" has 3 decimals',
    );
  });

  it('refuses a date that is not on the calendar', () => {
    const error = validationError(() => openMatter({ openedOn: '2026-02-30' }));
    expect(error.issues).toEqual([
      { path: 'data.openedOn', message: 'must be a real calendar date in YYYY-MM-DD form' },
    ]);
  });

  it('refuses a retainer minimum in another currency than the matter', () => {
    const error = validationError(() =>
      openMatter({ evergreenRetainerMinimum: { amount: '100.00', currency: 'EUR' } }),
    );
    expect(error.issues.map((issue) => issue.path)).toEqual([
      'data.evergreenRetainerMinimum.currency',
    ]);
  });

  it('names every bad field at once', () => {
    const error = validationError(() =>
      createEvent(billingEvents.clientCreated, {
        firmId: 'firm-1',
        subject: '',
        correlationId,
        data: {
          clientId: 'nope',
          displayName: 'Ada',
          kind: 'COMPANY',
          currency: 'USD',
          timeZone: 'Europe/Nowhere',
        } as never,
        time: 'yesterday',
      }),
    );
    expect(error.issues.map((issue) => issue.path).sort()).toEqual([
      'data.clientId',
      'data.kind',
      'data.timeZone',
      'firmid',
      'subject',
      'time',
    ]);
  });
});

describe('encodeEvent', () => {
  it('keys by firm and the client the event concerns, not by its subject', () => {
    const record = encodeEvent(openMatter());
    expect(record.key).toBe(`${firmId}:${clientId}`);
    expect(record.key).not.toContain(matterId);
  });

  it('validates the envelope it is given', () => {
    const event = { ...openMatter(), firmid: undefined } as never;
    const error = validationError(() => encodeEvent(event));
    expect(error.issues.map((issue) => issue.path)).toEqual(['firmid']);
  });

  it('encodes a created event without validating it again, since it cannot have changed', () => {
    const event = openMatter();
    expect(Object.isFrozen(event)).toBe(true);
    expect(Object.isFrozen(event.data)).toBe(true);
    expect(() => {
      (event.data as { description: string }).description = 'changed after validation';
    }).toThrow(TypeError);
    expect(JSON.parse(encodeEvent(event).value)).toEqual(JSON.parse(JSON.stringify(event)));
  });

  it('validates a copy of a created event that was changed on the way', () => {
    const event = openMatter();
    const tampered = { ...event, data: { ...event.data, currency: 'usd' } } as never;
    const error = validationError(() => encodeEvent(tampered));
    expect(error.issues.map((issue) => issue.path)).toContain('data.currency');
  });

  it('refuses an event type outside the catalogue', () => {
    const event = { ...openMatter(), type: 'lexfin.billing.matter.reopened.v1' };
    expect(() => encodeEvent(event)).toThrow(UnknownEventTypeError);
  });
});

describe('decodeEvent', () => {
  const valid = () => JSON.parse(encodeEvent(openMatter()).value) as Record<string, unknown>;

  it('refuses an event without firmid, naming the type, id and field', () => {
    const { firmid: _dropped, ...event } = valid();
    const error = validationError(() => decodeEvent(JSON.stringify(event)));
    expect(error.eventType).toBe('lexfin.billing.matter.opened.v1');
    expect(error.eventId).toBe(event.id);
    expect(error.issues.map((issue) => issue.path)).toEqual(['firmid']);
    expect(error.message).toBe(
      `event lexfin.billing.matter.opened.v1 (id ${String(event.id)}) is invalid: firmid: Invalid input: expected string, received undefined`,
    );
  });

  it('refuses a bad payload with the path of each bad field', () => {
    const event = valid();
    event.data = {
      ...(event.data as object),
      evergreenRetainerMinimum: { amount: '12.345', currency: 'USD' },
      openedOn: '2026-02-30',
    };
    const error = validationError(() => decodeEvent(JSON.stringify(event)));
    expect(error.issues.map((issue) => issue.path)).toEqual([
      'data.evergreenRetainerMinimum.amount',
      'data.openedOn',
    ]);
  });

  it('refuses an event that claims another source or schema than its type has', () => {
    const event = { ...valid(), source: '/lexfin/trust', dataschema: 'urn:lexfin:schema:other' };
    const error = validationError(() => decodeEvent(JSON.stringify(event)));
    expect(error.issues.map((issue) => issue.path)).toEqual(['source', 'dataschema']);
  });

  it('ignores attributes and fields it does not know, so producers can add them', () => {
    const event = valid();
    event.traceparent = '00-abc-def-01';
    event.data = { ...(event.data as object), responsiblePartner: 'M. Finch' };
    const decoded = decodeEvent(JSON.stringify(event));
    expect(decoded).not.toHaveProperty('traceparent');
    expect(decoded.data).not.toHaveProperty('responsiblePartner');
  });

  it('reports an unknown type with its own error code', () => {
    const event = { ...valid(), type: 'lexfin.trust.deposit.recorded.v9' };
    expect(() => decodeEvent(JSON.stringify(event))).toThrow(
      expect.objectContaining({
        code: 'UNKNOWN_EVENT_TYPE',
        eventType: 'lexfin.trust.deposit.recorded.v9',
      }),
    );
  });

  it('refuses a value that is not JSON', () => {
    const error = validationError(() => decodeEvent('{"specversion": "1.0",'));
    expect(error.code).toBe('EVENT_VALIDATION_FAILED');
    expect(error.message).toMatch(/^event is invalid: not valid JSON/);
  });

  it('refuses JSON that is not an envelope, naming what is missing', () => {
    const error = validationError(() => decodeEvent('{"id": 42}'));
    expect(error.issues.map((issue) => issue.path)).toEqual(
      expect.arrayContaining(['id', 'type', 'firmid', 'data']),
    );
    expect(validationError(() => decodeEvent('null')).issues).toEqual([
      { path: '', message: 'Invalid input: expected object, received null' },
    ]);
  });

  it('narrows the payload type by event type', () => {
    const decoded = decodeEvent(encodeEvent(openMatter()).value);
    if (decoded.type !== 'lexfin.billing.matter.opened.v1') throw new Error(decoded.type);
    expect(decoded.data.billingArrangement).toBe('HYBRID');
  });
});
