import { registerSubgraph } from '@lexfin/subgraph';
import {
  currentContext,
  UnauthenticatedError,
  type Authenticator,
  type HttpApp,
} from '@lexfin/platform';
import type { FastifyRequest } from 'fastify';
import { userCaller, type Caller } from '../caller';
import type { ServiceDeclaration } from '../declaration';

/** The service's subgraph, REST routes and own endpoints, each handler given its caller. */
export async function registerHttpSurface<Deps>(
  app: HttpApp,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  declaration: ServiceDeclaration<Deps, any>,
  deps: Deps,
  authenticator: Authenticator,
): Promise<void> {
  const subgraph = declaration.subgraph;
  if (subgraph) {
    await registerSubgraph({
      app,
      typeDefs: subgraph.typeDefs,
      resolvers: subgraph.resolvers,
      authenticator,
      context: (verified) => {
        const caller = userCaller(verified.identity, verified);
        return { ...verified, caller, deps, ...subgraph.context?.({ caller, deps }) };
      },
    });
  }
  for (const route of declaration.routes ?? []) {
    app.route({
      method: route.method,
      url: route.url,
      ...(route.bodyLimitBytes === undefined ? {} : { bodyLimit: route.bodyLimitBytes }),
      handler: (request, reply) =>
        route.handle(request, reply, { caller: callerOf(request), deps }),
    });
  }
  await declaration.register?.(app, deps);
}

/** The caller of an authenticated REST request (the app's hook has verified its token). */
function callerOf(request: FastifyRequest): Caller {
  if (!request.identity) throw new UnauthenticatedError();
  return userCaller(request.identity, {
    requestId: String(request.id),
    correlationId: currentContext()?.correlationId ?? String(request.id),
  });
}
