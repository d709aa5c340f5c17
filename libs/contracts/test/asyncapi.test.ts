import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { allTopics, buildAsyncApiDocument, eventCatalogue, renderAsyncApiYaml } from '../src';
import {
  ASYNCAPI_PATH,
  findRepositoryRoot,
  KAFKA_TOPICS_PATH,
  main,
  renderKafkaTopics,
} from '../src/asyncapi/write-asyncapi';

interface Channel {
  address: string;
  messages: Record<string, { $ref: string }>;
}

const document = buildAsyncApiDocument() as {
  asyncapi: string;
  channels: Record<string, Channel>;
  operations: Record<string, { action: string; channel: { $ref: string }; messages: unknown[] }>;
  components: { messages: Record<string, { name: string; payload: Record<string, unknown> }> };
};

describe('AsyncAPI document', () => {
  it('is AsyncAPI 3.0.0 with one channel per service topic', () => {
    expect(document.asyncapi).toBe('3.0.0');
    const addresses = Object.values(document.channels).map((channel) => channel.address);
    expect(addresses.sort()).toEqual(
      allTopics()
        .map((topic) => topic.name)
        .sort(),
    );
  });

  it('has one message per event type, on its service channel', () => {
    const types = Object.keys(eventCatalogue).sort();
    expect(Object.keys(document.components.messages)).toEqual(types);
    for (const definition of Object.values(eventCatalogue)) {
      const channel = document.channels[definition.topic];
      expect(channel?.messages[definition.type]).toEqual({
        $ref: `#/components/messages/${definition.type}`,
      });
      expect(document.components.messages[definition.type]?.name).toBe(definition.type);
    }
  });

  it('describes the whole envelope, with the payload schema under data and no dangling refs', () => {
    const message = document.components.messages['lexfin.billing.matter.opened.v1'];
    const payload = message?.payload as {
      properties: Record<string, { const?: string; properties?: Record<string, unknown> }>;
      required: string[];
    };
    expect(payload.required).toEqual(expect.arrayContaining(['id', 'type', 'firmid', 'data']));
    expect(payload.properties.type?.const).toBe('lexfin.billing.matter.opened.v1');
    expect(Object.keys(payload.properties.data?.properties ?? {})).toContain(
      'evergreenRetainerMinimum',
    );
    expect(JSON.stringify(document.components)).not.toContain('$ref');
  });

  it('has a send operation per service on its channel', () => {
    expect(document.operations.publishBillingEvents).toEqual({
      action: 'send',
      title: 'The billing service publishes its events',
      channel: { $ref: '#/channels/lexfin.billing.events' },
      messages: Object.keys(eventCatalogue)
        .filter((type) => type.startsWith('lexfin.billing.'))
        .sort()
        .map((type) => ({ $ref: `#/channels/lexfin.billing.events/messages/${type}` })),
    });
    expect(Object.keys(document.operations)).toEqual(
      expect.arrayContaining(['publishTrustEvents', 'publishCollectionsEvents']),
    );
  });

  // Together with the checked-in file (written by another process) this shows the output depends
  // on nothing but the catalogue.
  it('renders byte-identical YAML every time', () => {
    const first = renderAsyncApiYaml();
    expect(renderAsyncApiYaml()).toBe(first);
    expect(parse(first)).toEqual(buildAsyncApiDocument());
  });

  it('is checked in up to date: run pnpm asyncapi if this fails', () => {
    const checkedIn = readFileSync(join(findRepositoryRoot(), ASYNCAPI_PATH), 'utf8');
    expect(checkedIn).toBe(renderAsyncApiYaml());
  });
});

describe('write-asyncapi', () => {
  let root: string;
  let errors: jest.SpyInstance;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'lexfin-asyncapi-'));
    errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    jest.spyOn(console, 'log').mockImplementation(() => undefined);
  });

  afterEach(() => jest.restoreAllMocks());

  it('writes the document, which --check then accepts', () => {
    expect(main([], root)).toBe(0);
    expect(readFileSync(join(root, ASYNCAPI_PATH), 'utf8')).toBe(renderAsyncApiYaml());
    expect(main(['--check'], root)).toBe(0);
  });

  it('--check fails with a clear line when the file is stale or missing', () => {
    expect(main(['--check'], root)).toBe(1);
    main([], root);
    writeFileSync(join(root, ASYNCAPI_PATH), 'asyncapi: 3.0.0\n');
    expect(main(['--check'], root)).toBe(1);
    expect(errors).toHaveBeenLastCalledWith('docs/asyncapi.yaml is out of date: run pnpm asyncapi');
  });

  it('writes the Kafka topic definitions a real cluster is set up from', () => {
    expect(main([], root)).toBe(0);
    const lines = readFileSync(join(root, KAFKA_TOPICS_PATH), 'utf8').split('\n');
    expect(lines).toContain('lexfin.billing.events 12');
    const checkedIn = readFileSync(join(findRepositoryRoot(), KAFKA_TOPICS_PATH), 'utf8');
    expect(checkedIn).toBe(renderKafkaTopics());
  });

  it('refuses arguments it does not know', () => {
    expect(main(['--fix'], root)).toBe(2);
  });

  it('finds the repository root above the library', () => {
    expect(
      readFileSync(join(findRepositoryRoot(__dirname), 'pnpm-workspace.yaml'), 'utf8'),
    ).toContain('libs/*');
  });
});
