import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import type { Role } from '@lexfin/platform';

export interface JwksServer {
  /** `http://127.0.0.1:<port>/.well-known/jwks.json` */
  jwksUrl: string;
  /** An RS256 token signed with the served key, as the identity provider would mint it. */
  sign(claims: {
    issuer: string;
    audience: string;
    firmId: string;
    roles: readonly Role[];
    clientId?: string;
  }): Promise<string>;
  stop(): Promise<void>;
}

/** A local identity provider's key server on 127.0.0.1, for production-mode token checks. */
export async function startJwksServer(): Promise<JwksServer> {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const kid = randomUUID();
  const body = JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'RS256' }] });
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    jwksUrl: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    sign: (claims) => signWith(privateKey, kid, claims),
    stop: () =>
      new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      ),
  };
}

function signWith(
  key: CryptoKey,
  kid: string,
  claims: Parameters<JwksServer['sign']>[0],
): Promise<string> {
  return new SignJWT({
    firm_id: claims.firmId,
    roles: [...claims.roles],
    ...(claims.clientId === undefined ? {} : { client_id: claims.clientId }),
  })
    .setProtectedHeader({ alg: 'RS256', kid })
    .setSubject(randomUUID())
    .setIssuer(claims.issuer)
    .setAudience(claims.audience)
    .setIssuedAt()
    .setExpirationTime('10m')
    .sign(key);
}
