import type { ServiceDeclaration } from './declaration';

/** One REST route as the gateway serves it: which service, which method and path. */
export interface RestRouteEntry {
  service: string;
  method: string;
  url: string;
  bodyLimitBytes?: number;
}

/** The REST routes of these services, for the gateway to serve at the same paths. */
export function restRoutesOf(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  declarations: readonly Pick<ServiceDeclaration<any, any>, 'name' | 'routes'>[],
): RestRouteEntry[] {
  return declarations.flatMap((declaration) =>
    (declaration.routes ?? []).map((route) => ({
      service: declaration.name,
      method: route.method,
      url: route.url,
      ...(route.bodyLimitBytes === undefined ? {} : { bodyLimitBytes: route.bodyLimitBytes }),
    })),
  );
}
