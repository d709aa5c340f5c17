import { createRemoteJWKSet, errors, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import { ConfigError } from './config';
import { ForbiddenError, UnauthenticatedError } from './errors';
import { VerifiedTokens } from './verified-tokens';

/** The roles of API.md. No role implies another: every operation lists the roles it allows. */
export const ROLES = [
  'firm_admin',
  'billing_clerk',
  'trust_accountant',
  'credit_officer',
  'collections_agent',
  'partner',
  'ops',
  'client_portal',
] as const;

export type Role = (typeof ROLES)[number];

/** Who is calling, taken only from a verified token. */
export interface Identity {
  userId: string;
  firmId: string;
  roles: readonly Role[];
  /** Set for `client_portal` logins: the only client whose data they may see. */
  clientId?: string;
  /** The bearer token as received, for calls made on the caller's behalf (e.g. gateway to subgraph). */
  token: string;
}

export interface Authenticator {
  authenticate(authorizationHeader: string | undefined): Promise<Identity>;
}

export interface AuthenticatorOptions {
  /** HS256 shared secret (development and test). Ignored when jwksUrl is set. */
  jwtSecret?: string;
  /** JWKS of the identity provider (production): RS256 and ES256 tokens. */
  jwksUrl?: string;
  issuer?: string;
  audience?: string;
  /** Verified tokens remembered until they expire (0 turns the cache off); default 10,000. */
  verifiedTokenCacheSize?: number;
}

const MIN_SECRET_LENGTH = 32;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Allowance for clock drift between the token issuer and this host. */
const CLOCK_TOLERANCE_SECONDS = 5;

export function createAuthenticator(options: AuthenticatorOptions): Authenticator {
  const verify = tokenVerifier(options);
  const verified = new VerifiedTokens(options.verifiedTokenCacheSize ?? 10_000);
  return {
    async authenticate(authorizationHeader) {
      const token = bearerToken(authorizationHeader);
      const known = verified.get(token);
      if (known) return known;
      const claims = await verify(token);
      const identity = identityFrom(claims, token);
      verified.remember(token, identity, claims.exp!);
      return identity;
    },
  };
}

function tokenVerifier(options: AuthenticatorOptions): (token: string) => Promise<JWTPayload> {
  const claims = {
    issuer: options.issuer,
    audience: options.audience,
    clockTolerance: CLOCK_TOLERANCE_SECONDS,
    requiredClaims: ['sub', 'exp'],
  };
  // With a JWKS, only asymmetric tokens are accepted: a shared secret lying around in production
  // must not be a way to mint tokens.
  if (options.jwksUrl !== undefined) {
    const keys = createRemoteJWKSet(new URL(options.jwksUrl));
    return verifiedPayload((token) =>
      jwtVerify(token, keys, { ...claims, algorithms: ['RS256', 'ES256'] }),
    );
  }
  if (options.jwtSecret !== undefined) {
    if (options.jwtSecret.length < MIN_SECRET_LENGTH) {
      throw new ConfigError([
        `LEXFIN_JWT_SECRET must be at least ${MIN_SECRET_LENGTH} characters long`,
      ]);
    }
    const key = new TextEncoder().encode(options.jwtSecret);
    return verifiedPayload((token) => jwtVerify(token, key, { ...claims, algorithms: ['HS256'] }));
  }
  throw new ConfigError([
    'set LEXFIN_JWKS_URL (production) or LEXFIN_JWT_SECRET (development, test)',
  ]);
}

function verifiedPayload(
  verify: (token: string) => Promise<{ payload: JWTPayload }>,
): (token: string) => Promise<JWTPayload> {
  return async (token) => {
    try {
      return (await verify(token)).payload;
    } catch (error) {
      throw asUnauthenticated(error);
    }
  };
}

/**
 * Token problems are the caller's: 401 with the reason. Anything else (the JWKS cannot be fetched)
 * is ours and stays an internal error.
 */
function asUnauthenticated(error: unknown): unknown {
  if (error instanceof errors.JWTExpired) return new UnauthenticatedError('The token has expired');
  if (error instanceof errors.JWTClaimValidationFailed) {
    return new UnauthenticatedError(
      error.reason === 'missing'
        ? `The token has no ${error.claim} claim`
        : `The token's ${error.claim} claim is not accepted`,
    );
  }
  if (
    error instanceof errors.JWSSignatureVerificationFailed ||
    error instanceof errors.JWKSNoMatchingKey ||
    error instanceof errors.JWKSMultipleMatchingKeys
  ) {
    return new UnauthenticatedError('The token signature is not valid');
  }
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported) {
    return new UnauthenticatedError('The token is signed with an algorithm that is not accepted');
  }
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) {
    return new UnauthenticatedError('The token is malformed');
  }
  return error;
}

function bearerToken(header: string | undefined): string {
  if (header === undefined || header.trim() === '') {
    throw new UnauthenticatedError(
      'Missing Authorization header: send "Authorization: Bearer <token>"',
    );
  }
  const match = /^Bearer +(\S+)\s*$/i.exec(header);
  if (match?.[1] === undefined) {
    throw new UnauthenticatedError('The Authorization header must be "Bearer <token>"');
  }
  return match[1];
}

function identityFrom(claims: JWTPayload, token: string): Identity {
  const userId = claims.sub;
  if (typeof userId !== 'string' || userId === '') {
    throw new UnauthenticatedError('The token has no sub (user id) claim');
  }
  const firmId = claims.firm_id;
  if (typeof firmId !== 'string' || firmId === '') {
    throw new UnauthenticatedError('The token has no firm_id claim');
  }
  // Tenancy binds the firm as a UUID: anything else would fail deep inside a query.
  if (!UUID.test(firmId)) throw new UnauthenticatedError('The token firm_id claim is not a UUID');
  const roles = rolesFrom(claims.roles);
  const identity: Identity = { userId, firmId, roles, token };
  if (roles.includes('client_portal')) {
    if (typeof claims.client_id !== 'string' || claims.client_id === '') {
      throw new UnauthenticatedError('A client_portal token must carry a client_id claim');
    }
    if (!UUID.test(claims.client_id)) {
      throw new UnauthenticatedError('The token client_id claim is not a UUID');
    }
    // A client login that also held staff roles would see other clients' data through them.
    if (roles.length > 1) {
      throw new UnauthenticatedError('The client_portal role cannot be combined with staff roles');
    }
    identity.clientId = claims.client_id;
  }
  return identity;
}

function rolesFrom(claim: unknown): Role[] {
  if (!Array.isArray(claim)) {
    throw new UnauthenticatedError('The token roles claim must be an array of roles');
  }
  const unknown = claim.filter((role) => !isRole(role));
  if (unknown.length > 0) {
    throw new UnauthenticatedError(
      `The token carries unknown roles: ${unknown.map((role) => JSON.stringify(role)).join(', ')}`,
    );
  }
  return claim as Role[];
}

function isRole(value: unknown): value is Role {
  return (ROLES as readonly unknown[]).includes(value);
}

/** Throws FORBIDDEN unless the caller holds one of the roles the operation allows. */
export function requireRole(identity: Pick<Identity, 'roles'>, ...allowed: Role[]): void {
  if (identity.roles.some((role) => allowed.includes(role))) return;
  throw new ForbiddenError(`This operation requires one of the roles: ${allowed.join(', ')}`, {
    allowedRoles: allowed,
  });
}

export interface DevTokenOptions {
  secret: string;
  userId: string;
  firmId: string;
  roles: readonly Role[];
  clientId?: string;
  /** jose time span or seconds-since-epoch; one hour when omitted. */
  expiresIn?: string | number;
  issuer?: string;
  audience?: string;
}

/** An HS256 token for tests and local development, accepted by an authenticator with `secret`. */
export async function signDevToken(options: DevTokenOptions): Promise<string> {
  const claims: JWTPayload = { firm_id: options.firmId, roles: [...options.roles] };
  if (options.clientId !== undefined) claims.client_id = options.clientId;
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(options.userId)
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '1h');
  if (options.issuer !== undefined) jwt.setIssuer(options.issuer);
  if (options.audience !== undefined) jwt.setAudience(options.audience);
  return jwt.sign(new TextEncoder().encode(options.secret));
}
