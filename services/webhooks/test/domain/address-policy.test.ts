import { AddressPolicy, forbiddenKind } from '../../src/domain/address-policy';
import { parseEndpointUrl } from '../../src/domain/endpoint-url';

it.each([
  ['10.0.0.1', 'private'],
  ['172.31.255.255', 'private'],
  ['192.168.1.20', 'private'],
  ['127.0.0.1', 'loopback'],
  ['127.8.9.10', 'loopback'],
  ['169.254.169.254', 'link-local'],
  ['100.64.0.1', 'carrier-grade NAT'],
  ['0.0.0.0', 'unspecified'],
  ['224.0.0.251', 'multicast'],
  ['255.255.255.255', 'reserved'],
  ['::1', 'loopback'],
  ['::', 'unspecified'],
  ['fd12:3456::1', 'unique local'],
  ['fe80::1', 'link-local'],
  ['ff02::1', 'multicast'],
  ['::ffff:10.0.0.1', 'private'],
  ['::ffff:7f00:1', 'loopback'],
  ['64:ff9b::a9fe:a9fe', 'link-local'],
])('refuses %s (%s)', (address, kind) => {
  expect(forbiddenKind(address)).toBe(kind);
});

it.each(['203.0.113.7', '8.8.8.8', '172.32.0.1', '100.128.0.1', '2606:4700::1111'])(
  'accepts the public address %s',
  (address) => {
    expect(forbiddenKind(address)).toBeUndefined();
  },
);

it('lets the allow-list name a host or an address', () => {
  const none = new AddressPolicy([]);
  expect(none.refusal('localhost', '127.0.0.1')).toBe(
    'localhost resolves to a loopback address (127.0.0.1)',
  );
  expect(none.refusal('hooks.example.com', '203.0.113.7')).toBeUndefined();
  const byAddress = new AddressPolicy(['127.0.0.1']);
  expect(byAddress.refusal('localhost', '127.0.0.1')).toBeUndefined();
  expect(byAddress.refusal('localhost', '::1')).toMatch(/loopback/);
  expect(byAddress.refusal('10.0.0.1', '10.0.0.1')).toMatch(/private/);
  const byHost = new AddressPolicy(['Billing.Internal', '[fd00::5]']);
  expect(byHost.refusal('billing.internal', '10.1.2.3')).toBeUndefined();
  expect(byHost.refusal('fd00::5', 'fd00::5')).toBeUndefined();
});

it('takes only http(s) URLs without credentials or fragments', () => {
  expect(parseEndpointUrl('https://hooks.example.com/lexfin?x=1')).toHaveProperty('url');
  expect(parseEndpointUrl('ftp://hooks.example.com/')).toEqual({
    problem: 'must be an http or https URL',
  });
  expect(parseEndpointUrl('hooks.example.com')).toEqual({
    problem: 'must be an absolute http(s) URL',
  });
  expect(parseEndpointUrl('https://user:pw@hooks.example.com/')).toEqual({
    problem: 'must not carry a user name or password',
  });
  expect(parseEndpointUrl('https://hooks.example.com/#x')).toEqual({
    problem: 'must not have a #fragment',
  });
});
