import { hostname } from 'node:os';
import { pino, type DestinationStream, type Logger, type LevelWithSilentOrString } from 'pino';
import { currentContext } from './context';

export type { Logger };

/**
 * Keys whose values are secrets or personal data. They are censored at the top of a log object
 * and up to SENSITIVE_DEPTH levels below it (e.g. `req.headers.authorization`, `err.config.secret`).
 */
const SENSITIVE_KEYS = [
  'authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'password',
  'secret',
  'clientSecret',
  'webhookSecret',
  'signingSecret',
  'token',
  'accessToken',
  'refreshToken',
  'idToken',
  'apiKey',
  'jwt',
  'email',
  'billingEmail',
  'phone',
  'displayName',
  'fullName',
  'firstName',
  'lastName',
  'payee',
  'accountNumber',
  'bankAccountNumber',
  'iban',
] as const;

const SENSITIVE_DEPTH = 3;

const REDACTED_PATHS = SENSITIVE_KEYS.flatMap((key) =>
  Array.from({ length: SENSITIVE_DEPTH + 1 }, (_, depth) => `${'*.'.repeat(depth)}["${key}"]`),
);

export interface LoggerOptions {
  service: string;
  level?: LevelWithSilentOrString;
  /** Where lines go; stdout when omitted. Tests pass a stream to read the lines back. */
  destination?: DestinationStream;
}

/**
 * A JSON logger whose every line names the service and, inside a request context, the request,
 * correlation and firm ids. Request bodies are never logged: nothing here serialises them.
 */
export function createLogger({ service, level = 'info', destination }: LoggerOptions): Logger {
  return pino(
    {
      level,
      base: { service, pid: process.pid, hostname: hostname() },
      timestamp: pino.stdTimeFunctions.isoTime,
      mixin: contextFields,
      redact: { paths: REDACTED_PATHS, censor: '[REDACTED]' },
      serializers: { err: errorWithoutCredentials },
    },
    destination,
  );
}

/** `scheme://user:password@` anywhere in a text: drivers put connection strings in messages. */
const URL_CREDENTIALS = /([a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)[^\s@/]+@/gi;

/** pino's error serializer, with passwords in URLs inside the message and stack replaced by ***. */
function errorWithoutCredentials(error: Error): Record<string, unknown> {
  const serialized = pino.stdSerializers.err(error) as unknown as Record<string, unknown>;
  for (const field of ['message', 'stack'] as const) {
    const text = serialized[field];
    if (typeof text === 'string') serialized[field] = text.replace(URL_CREDENTIALS, '$1***@');
  }
  return serialized;
}

function contextFields(): Record<string, string> {
  const context = currentContext();
  if (context === undefined) return {};
  const { requestId, correlationId, firmId } = context;
  return firmId === undefined ? { requestId, correlationId } : { requestId, correlationId, firmId };
}
