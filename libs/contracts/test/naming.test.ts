import { z } from 'zod';
import { billingEvents, defineEvent, eventCatalogue, findEventDefinition } from '../src';

const TYPE_RULE =
  /^lexfin\.(billing|trust|credit|collections|webhooks)\.[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)?\.[a-z][a-z0-9_]*\.v[1-9]\d*$/;

const transferRecorded = {
  service: 'trust',
  entity: 'transfer_to_operating',
  verb: 'recorded',
  version: 2,
  description: 'A test event.',
  data: z.object({ clientId: z.string() }),
  clientIdOf: (data: { clientId: string }) => data.clientId,
} as const;

type Naming = { service: string; entity: string; verb: string; version: number };

function define(overrides: Partial<Naming>) {
  return defineEvent({ ...transferRecorded, ...overrides } as typeof transferRecorded);
}

describe('event type naming', () => {
  it('names the type, topic, source and schema from service, entity, verb and version', () => {
    const definition = define({});
    expect(definition.type).toBe('lexfin.trust.transfer_to_operating.recorded.v2');
    expect(definition.topic).toBe('lexfin.trust.events');
    expect(definition.source).toBe('/lexfin/trust');
    expect(definition.dataschema).toBe(
      'urn:lexfin:schema:lexfin.trust.transfer_to_operating.recorded.v2',
    );
  });

  it('names an aspect of an entity after a dot, as in matter.credit_hold', () => {
    expect(
      define({ service: 'billing', entity: 'matter.credit_hold', verb: 'changed', version: 1 })
        .type,
    ).toBe('lexfin.billing.matter.credit_hold.changed.v1');
  });

  it.each([
    [{ service: 'accounting' }, 'service "accounting"'],
    [{ entity: 'Client' }, 'entity "Client"'],
    [{ entity: 'matter.credit_hold.flag' }, 'entity "matter.credit_hold.flag"'],
    [{ entity: 'matter.' }, 'entity "matter."'],
    [{ verb: 'opened-now' }, 'verb "opened-now"'],
    [{ version: 0 }, 'version 0'],
    [{ version: 1.5 }, 'version 1.5'],
  ])('refuses %j', (overrides, problem) => {
    expect(() => define(overrides)).toThrow(problem);
  });

  it('holds for every catalogue event, each on its service topic', () => {
    for (const [type, definition] of Object.entries(eventCatalogue)) {
      expect(type).toMatch(TYPE_RULE);
      expect(definition.type).toBe(type);
      expect(definition.topic).toBe(`lexfin.${definition.service}.events`);
    }
  });
});

describe('event catalogue', () => {
  it('has the billing events the trust service consumes', () => {
    expect(Object.keys(eventCatalogue)).toEqual(
      expect.arrayContaining([
        'lexfin.billing.client.created.v1',
        'lexfin.billing.client.updated.v1',
        'lexfin.billing.matter.closed.v1',
        'lexfin.billing.matter.opened.v1',
      ]),
    );
  });

  it('finds a definition by type and nothing for other strings', () => {
    expect(findEventDefinition('lexfin.billing.matter.opened.v1')).toBe(billingEvents.matterOpened);
    expect(findEventDefinition('lexfin.billing.matter.opened.v9')).toBeUndefined();
    expect(findEventDefinition('constructor')).toBeUndefined();
  });
});
