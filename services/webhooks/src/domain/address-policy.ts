import { BlockList, isIP } from 'node:net';

/** Ranges a webhook must never reach unless the operator allows it: the service's own network. */
const forbiddenRanges: ReadonlyArray<[string, number, 'ipv4' | 'ipv6', string]> = [
  ['0.0.0.0', 8, 'ipv4', 'unspecified'],
  ['10.0.0.0', 8, 'ipv4', 'private'],
  ['100.64.0.0', 10, 'ipv4', 'carrier-grade NAT'],
  ['127.0.0.0', 8, 'ipv4', 'loopback'],
  ['169.254.0.0', 16, 'ipv4', 'link-local'],
  ['172.16.0.0', 12, 'ipv4', 'private'],
  ['192.0.0.0', 24, 'ipv4', 'IETF protocol assignments'],
  ['192.168.0.0', 16, 'ipv4', 'private'],
  ['198.18.0.0', 15, 'ipv4', 'benchmarking'],
  ['224.0.0.0', 4, 'ipv4', 'multicast'],
  ['240.0.0.0', 4, 'ipv4', 'reserved'],
  ['::', 128, 'ipv6', 'unspecified'],
  ['::1', 128, 'ipv6', 'loopback'],
  ['fc00::', 7, 'ipv6', 'unique local'],
  ['fe80::', 10, 'ipv6', 'link-local'],
  ['ff00::', 8, 'ipv6', 'multicast'],
];

const blocks = forbiddenRanges.map(([network, prefix, family, kind]) => {
  const list = new BlockList();
  list.addSubnet(network, prefix, family);
  return { list, family, kind };
});

/** IPv4 written as IPv6 (::ffff:10.0.0.1, or NAT64 64:ff9b::a00:1) is judged as the IPv4 it is. */
function embeddedIpv4(address: string): string | undefined {
  const dotted = /^(?:::ffff:|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (dotted) return dotted[1];
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (!hex) return undefined;
  const high = parseInt(hex[1]!, 16);
  const low = parseInt(hex[2]!, 16);
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

/** Why an address is off limits ('private', 'loopback'...), or undefined for a public address. */
export function forbiddenKind(address: string): string | undefined {
  const ipv4 = embeddedIpv4(address);
  if (ipv4 !== undefined) return forbiddenKind(ipv4);
  const version = isIP(address);
  if (version === 0) return 'not an IP address';
  const family = version === 4 ? 'ipv4' : 'ipv6';
  return blocks.find((block) => block.family === family && block.list.check(address, family))?.kind;
}

/**
 * The operator's exceptions (`WEBHOOK_ALLOWED_HOSTS`): host names or IP addresses that may be
 * reached although they are private, e.g. `127.0.0.1` in tests or an on-premises receiver.
 */
export class AddressPolicy {
  private readonly allowed: ReadonlySet<string>;

  constructor(allowedHosts: readonly string[]) {
    this.allowed = new Set(allowedHosts.map(normalise));
  }

  /** Why `host` (as written in the URL) resolving to `address` is refused, or undefined. */
  refusal(host: string, address: string): string | undefined {
    if (this.allowed.has(normalise(host)) || this.allowed.has(normalise(address))) {
      return undefined;
    }
    const kind = forbiddenKind(address);
    return kind === undefined ? undefined : `${host} resolves to a ${kind} address (${address})`;
  }
}

function normalise(host: string): string {
  return host.toLowerCase().replace(/^\[(.*)\]$/, '$1');
}
