import { redactUrl } from './redact-url';
import { z } from 'zod';

/** Thrown by loadConfig; its message is one line naming every problem, fit for stderr. */
export class ConfigError extends Error {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`Configuration error: ${problems.join('; ')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/** sysexits.h EX_CONFIG: tells the supervisor that restarting will not help. */
export const EX_CONFIG = 78;

/** Required variable; `example` is shown to the operator when it is missing. */
export function envString(options: { example: string; minLength?: number }) {
  const value = z.string({ error: missingUnless(options.example) });
  return options.minLength === undefined
    ? value
    : value.min(options.minLength, `must be at least ${options.minLength} characters long`);
}

/** Required URL, e.g. `envUrl({ example: 'postgres://user@host:5432/db', protocols: ['postgres:'] })`. */
export function envUrl(options: { example: string; protocols?: readonly string[] }) {
  const protocols = options.protocols;
  return z
    .string({ error: missingUnless(options.example) })
    .refine(
      (value) =>
        URL.canParse(value) &&
        (protocols === undefined || protocols.includes(new URL(value).protocol)),
      `must be a URL like ${options.example}`,
    );
}

/** Required PostgreSQL URL; `example` names the service's database for the operator. */
export function envPostgresUrl(example: string) {
  return envUrl({ example, protocols: ['postgres:', 'postgresql:'] });
}

/** Required Redis URL (BullMQ, rate limits). */
export function envRedisUrl() {
  return envUrl({ example: 'redis://127.0.0.1:6379', protocols: ['redis:', 'rediss:'] });
}

/** Required whole number within [min, max]; chain `.default(n)` to make it optional. */
export function envInteger(options: { min: number; max: number; example: string }) {
  const { min, max } = options;
  return z
    .string({ error: missingUnless(options.example) })
    .refine(
      (value) => /^-?\d+$/.test(value) && Number(value) >= min && Number(value) <= max,
      `must be a number between ${min} and ${max}`,
    )
    .transform(Number);
}

/** A TCP port; chain `.default(4001)` for the service's default port. */
export function envPort() {
  return envInteger({ min: 1, max: 65535, example: 'the port to listen on, e.g. 4001' });
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** The variables every Lexfin process reads. Compose with serviceConfigSchema. */
export const baseConfigShape = {
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  HOST: z.string().default('127.0.0.1'),
  PORT: envPort(),
  LEXFIN_JWT_SECRET: z.string().min(32, 'must be at least 32 characters long').optional(),
  LEXFIN_JWKS_URL: z
    .string()
    .refine(
      (value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol),
      'must be an http(s) URL like https://auth.example.com/.well-known/jwks.json',
    )
    .optional(),
  LEXFIN_JWT_ISSUER: z.string().optional(),
  LEXFIN_JWT_AUDIENCE: z.string().optional(),
};

/**
 * The base variables plus the service's own (which may override a base one, e.g. PORT with its
 * default), with the rule that tokens can always be verified: a shared secret outside production,
 * a JWKS URL in production.
 */
export function serviceConfigSchema<Shape extends z.ZodRawShape>(shape: Shape) {
  return z.object({ ...baseConfigShape, ...shape }).superRefine(requireTokenVerification, {
    // Runs even when other variables are bad, so one attempt reports every problem.
    when: () => true,
  });
}

const PRODUCTION_TOKEN_SETTINGS = [
  [
    'LEXFIN_JWKS_URL',
    'the identity provider JWKS URL, e.g. https://auth.example.com/.well-known/jwks.json',
  ],
  ['LEXFIN_JWT_ISSUER', "the identity provider's issuer, e.g. https://auth.example.com/"],
  ['LEXFIN_JWT_AUDIENCE', 'the audience Lexfin tokens are minted for, e.g. lexfin-api'],
] as const;

function requireTokenVerification(config: Record<string, unknown>, ctx: z.RefinementCtx): void {
  if (config.NODE_ENV === 'production') {
    // Without issuer and audience, a token the same identity provider minted for another
    // application would be accepted here.
    for (const [name, example] of PRODUCTION_TOKEN_SETTINGS) {
      if (config[name] === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: [name],
          message: `is missing, and production needs it (set it to ${example})`,
        });
      }
    }
  } else if (config.LEXFIN_JWT_SECRET === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['LEXFIN_JWT_SECRET'],
      message:
        'is missing (set it to a random string of at least 32 characters, e.g. the output of `openssl rand -base64 48`)',
    });
  }
}

/** Parses `env` with `schema`; throws ConfigError naming every bad or missing variable. */
export function loadConfig<Schema extends z.ZodObject>(
  schema: Schema,
  env: NodeJS.ProcessEnv = process.env,
): z.output<Schema> {
  const input: Record<string, string | undefined> = {};
  for (const name of Object.keys(schema.shape)) {
    // `FOO=` in an env file means "not set", not "set to nothing".
    input[name] = env[name] === '' ? undefined : env[name];
  }
  const result = schema.safeParse(input, { error: describeIssue });
  if (result.success) return result.data;

  const problems = new Map<string, string>();
  for (const issue of result.error.issues) {
    const name = issue.path.map(String).join('.');
    if (!problems.has(name)) problems.set(name, describeProblem(name, issue.message, input[name]));
  }
  throw new ConfigError([...problems.values()]);
}

/** `exitOnConfigError(() => loadConfig(schema))` in main.ts: one line on stderr, exit 78. */
export function exitOnConfigError<T>(load: () => T): T {
  try {
    return load();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return process.exit(EX_CONFIG);
  }
}

function missingUnless(example: string): z.core.$ZodErrorMap {
  return (issue) => (issue.input === undefined ? `is missing (set it to ${example})` : undefined);
}

/** Phrases zod's issues so that "<VARIABLE> <phrase>" reads as a sentence. */
const describeIssue: z.core.$ZodErrorMap = (issue) => {
  if (issue.input === undefined) return 'is missing';
  switch (issue.code) {
    case 'invalid_value':
      return `must be one of ${issue.values.join(', ')}`;
    case 'invalid_type':
      return `must be a ${issue.expected}`;
    case 'invalid_format':
      return `must be a valid ${issue.format}`;
    case 'too_small':
      return issue.origin === 'string'
        ? `must be at least ${issue.minimum} characters long`
        : `must be at least ${issue.minimum}`;
    case 'too_big':
      return issue.origin === 'string'
        ? `must be at most ${issue.maximum} characters long`
        : `must be at most ${issue.maximum}`;
    default:
      return undefined;
  }
};

function describeProblem(name: string, message: string, value: string | undefined): string {
  const subject = name === '' ? 'configuration' : name;
  if (message.startsWith('is missing')) return `${subject} ${message}`;
  // An unset variable can fail later checks too (coerced to NaN, say): missing is the news.
  if (value === undefined) return `${subject} is missing`;
  const phrase = /^(is|must) /.test(message) ? message : `is invalid: ${message}`;
  return `${subject} ${phrase} (got ${describeValue(name, value)})`;
}

/** Echo the bad value so the operator sees the typo, but never a secret or a URL's password. */
function describeValue(name: string, value: string): string {
  if (/SECRET|PASSWORD|TOKEN|KEY/i.test(name)) return `${value.length} characters`;
  return JSON.stringify(redactUrl(value));
}
