import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { AddressPolicy } from '../domain/address-policy';
import { hostOf } from '../domain/endpoint-url';

/** An address a URL's host resolved to and the policy accepted: the one to connect to. */
export interface VettedAddress {
  address: string;
  family: 4 | 6;
}

/** A destination the policy refuses, or a host that does not resolve. */
export class DestinationRefusedError extends Error {
  readonly code = 'DESTINATION_REFUSED';
}

export type Resolve = (host: string) => Promise<VettedAddress[]>;

const resolveWithDns: Resolve = async (host) =>
  (await lookup(host, { all: true, verbatim: true })).map((entry) => ({
    address: entry.address,
    family: entry.family === 6 ? 6 : 4,
  }));

/**
 * Resolves a URL's host and checks every address against the policy: one forbidden address
 * refuses the host, since a resolver may hand out any of them. Run at create/update and again
 * before each attempt (the name may point elsewhere by then: DNS rebinding).
 */
export class DestinationVetter {
  constructor(
    private readonly policy: AddressPolicy,
    private readonly resolve: Resolve = resolveWithDns,
  ) {}

  async vet(url: URL): Promise<VettedAddress> {
    const host = hostOf(url);
    const version = isIP(host);
    const addresses =
      version === 0
        ? await this.resolve(host).catch((error: { code?: string }) => {
            throw new DestinationRefusedError(
              `${host} does not resolve (${error.code ?? 'lookup failed'})`,
            );
          })
        : [{ address: host, family: version as 4 | 6 }];
    const first = addresses[0];
    if (first === undefined) throw new DestinationRefusedError(`${host} has no addresses`);
    for (const { address } of addresses) {
      const refusal = this.policy.refusal(host, address);
      if (refusal !== undefined) throw new DestinationRefusedError(refusal);
    }
    return first;
  }
}
