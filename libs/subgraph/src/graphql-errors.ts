import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { AppError, BadUserInputError, type Logger } from '@lexfin/platform';

/**
 * What a caller sees of an error: an AppError's code, message, bad fields and details (e.g. the
 * available and requested amounts of INSUFFICIENT_TRUST_FUNDS); GraphQL's own errors (parse,
 * validation, variable coercion) as Apollo phrased them; anything else is a bug: logged, and
 * answered with a generic message that leaks nothing.
 */
export function formatGraphQLError(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (original instanceof AppError) {
      return {
        message: original.message,
        ...(formatted.path ? { path: formatted.path } : {}),
        ...(formatted.locations ? { locations: formatted.locations } : {}),
        extensions: {
          ...original.details,
          code: original.code,
          ...(original instanceof BadUserInputError ? { fields: original.fields } : {}),
        },
      };
    }
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR') {
      const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    logger.error(
      { err: original, path: formatted.path },
      'unexpected error in a GraphQL operation',
    );
    return {
      message: 'Internal server error',
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  };
}
