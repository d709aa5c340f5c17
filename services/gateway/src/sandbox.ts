import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { ROLES, signDevToken } from '@lexfin/platform';

/** The GraphQL IDE a person opening /graphql in a browser gets, in development only. */
export interface Sandbox {
  page(): Promise<string>;
}

export interface SandboxOptions {
  /** The development secret the gateway verifies tokens with. */
  jwtSecret: string;
  /** The firm whose token the IDE starts with (the demo firm under `pnpm start`); none when unset. */
  firmId?: string;
}

/** Every staff role: the IDE is for exploring the whole graph. */
const STAFF_ROLES = ROLES.filter((role) => role !== 'client_portal');

const EXAMPLE_QUERY = `# The development token in Headers below holds every staff role of the firm.
query Clients {
  clients {
    id
    name
  }
}
`;

/**
 * GraphiQL as bundled by @graphql-yoga/render-graphiql: its script, styles and editor workers are
 * inlined in the page, so it works offline. The page carries a development token for the firm.
 */
export function createSandbox(options: SandboxOptions): Sandbox {
  return {
    async page() {
      const headers =
        options.firmId === undefined
          ? {}
          : {
              Authorization: `Bearer ${await signDevToken({
                secret: options.jwtSecret,
                userId: `sandbox-${randomUUID()}`,
                firmId: options.firmId,
                roles: STAFF_ROLES,
                expiresIn: '8h',
              })}`,
            };
      return renderGraphiQL({
        title: 'Lexfin GraphQL (development)',
        endpoint: '/graphql',
        headers: JSON.stringify(headers, null, 2),
        shouldPersistHeaders: false,
        defaultQuery: EXAMPLE_QUERY,
      });
    },
  };
}

/**
 * A browser navigating to /graphql (a `?query=` in its address opens in the IDE's editor); API
 * clients ask for JSON.
 */
export function wantsSandbox(request: FastifyRequest): boolean {
  return request.method === 'GET' && (request.headers.accept ?? '').includes('text/html');
}
