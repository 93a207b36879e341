import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import type { Logger } from '@ailog/processor';
import { toPublicError } from '../errors/error-mapper.js';

/**
 * Apollo `formatError`: our errors become `extensions.code` (+ details) through the shared mapper;
 * unexpected resolver errors are masked and logged; GraphQL's own errors (syntax, validation)
 * keep their message and code. Stack traces never leave the server.
 */
export function formatGraphQLError(logger: Logger): (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError {
  return (formatted, error) => {
    // Errors without a path come from parsing, validation or variable coercion: the caller's.
    if (!formatted.path) {
      const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
      // Apollo renames every validation error GRAPHQL_VALIDATION_FAILED; our own rules' codes
      // (QUERY_TOO_COSTLY) are part of the public contract, so they are put back.
      const own = (error as { originalError?: { extensions?: { code?: unknown } } } | null)?.originalError?.extensions?.code;
      return { ...formatted, extensions: own === 'QUERY_TOO_COSTLY' ? { ...extensions, code: own } : extensions };
    }
    const original = unwrapResolverError(error);
    const mapped = toPublicError(original);
    if (mapped.isUnexpected) logger.error({ err: original, path: formatted.path }, 'graphql resolver failed');
    return {
      message: mapped.message,
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: mapped.code, ...(mapped.details && { details: mapped.details }) },
    };
  };
}
