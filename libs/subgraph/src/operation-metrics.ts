import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { Metrics } from '@lexfin/platform';

/**
 * Counts GraphQL operations by name and outcome: `ok`, or the code of the first error
 * (BAD_USER_INPUT, FORBIDDEN, INTERNAL_SERVER_ERROR...). Anonymous operations count as
 * `anonymous`; a request that does not parse has no name and counts as `unparsed`.
 */
export function operationMetricsPlugin<Context extends BaseContext>(
  metrics: Metrics,
): ApolloServerPlugin<Context> {
  const operations = metrics.counter({
    name: 'graphql_operations_total',
    help: 'GraphQL operations answered, by operation name and outcome (ok or the first error code)',
    labelNames: ['operation', 'outcome'] as const,
  });
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ operationName, document, errors }) {
          const operation = operationName ?? (document ? 'anonymous' : 'unparsed');
          const code = errors?.[0]?.extensions?.code;
          const outcome = errors?.length ? (typeof code === 'string' ? code : 'ERROR') : 'ok';
          operations.inc({ operation, outcome });
        },
      };
    },
  };
}
