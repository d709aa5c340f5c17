import { z } from 'zod';
import {
  ConfigError,
  EX_CONFIG,
  envInteger,
  envPort,
  envUrl,
  exitOnConfigError,
  loadConfig,
  serviceConfigSchema,
} from '../src';

const SECRET = 'a-development-secret-of-32-chars!';

const billingConfig = serviceConfigSchema({
  PORT: envPort().default(4001),
  DATABASE_URL: envUrl({
    example: 'postgres://user@host:5432/db',
    protocols: ['postgres:', 'postgresql:'],
  }),
  OUTBOX_BATCH_SIZE: envInteger({ min: 1, max: 1000, example: '100' }).default(100),
});

function configError(load: () => unknown): ConfigError {
  try {
    load();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('returns the typed config with defaults filled in', () => {
    const config = loadConfig(billingConfig, {
      DATABASE_URL: 'postgres://billing@localhost:5432/billing',
      LEXFIN_JWT_SECRET: SECRET,
      UNRELATED: 'ignored',
    });
    expect(config).toEqual({
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
      HOST: '127.0.0.1',
      PORT: 4001,
      DATABASE_URL: 'postgres://billing@localhost:5432/billing',
      LEXFIN_JWT_SECRET: SECRET,
      OUTBOX_BATCH_SIZE: 100,
    });
  });

  it('converts numbers', () => {
    const config = loadConfig(billingConfig, {
      PORT: '8080',
      OUTBOX_BATCH_SIZE: '5',
      DATABASE_URL: 'postgres://billing@localhost/billing',
      LEXFIN_JWT_SECRET: SECRET,
    });
    expect(config.PORT).toBe(8080);
    expect(config.OUTBOX_BATCH_SIZE).toBe(5);
  });

  it('names every bad or missing variable, and how to fix it, in one line', () => {
    const error = configError(() => loadConfig(billingConfig, { PORT: 'abc', NODE_ENV: 'prod' }));
    expect(error.message).toBe(
      'Configuration error: ' +
        'NODE_ENV must be one of development, test, production (got "prod"); ' +
        'PORT must be a number between 1 and 65535 (got "abc"); ' +
        'DATABASE_URL is missing (set it to postgres://user@host:5432/db); ' +
        'LEXFIN_JWT_SECRET is missing (set it to a random string of at least 32 characters, e.g. the output of `openssl rand -base64 48`)',
    );
    expect(error.message).not.toContain('\n');
    expect(error.problems).toHaveLength(4);
  });

  it('treats an empty variable as missing', () => {
    const error = configError(() =>
      loadConfig(billingConfig, { DATABASE_URL: '', LEXFIN_JWT_SECRET: SECRET }),
    );
    expect(error.message).toBe(
      'Configuration error: DATABASE_URL is missing (set it to postgres://user@host:5432/db)',
    );
  });

  it('never echoes a secret, nor the password inside a URL', () => {
    const error = configError(() =>
      loadConfig(billingConfig, {
        LEXFIN_JWT_SECRET: 'hunter2',
        DATABASE_URL: 'mysql://billing:s3cret-pw@localhost/billing',
      }),
    );
    expect(error.message).toBe(
      'Configuration error: ' +
        'LEXFIN_JWT_SECRET must be at least 32 characters long (got 7 characters); ' +
        'DATABASE_URL must be a URL like postgres://user@host:5432/db (got "mysql://billing:***@localhost/billing")',
    );
    expect(error.message).not.toContain('hunter2');
    expect(error.message).not.toContain('s3cret-pw');
  });

  it('requires a JWKS URL, issuer and audience, not a secret, in production', () => {
    const error = configError(() =>
      loadConfig(billingConfig, {
        NODE_ENV: 'production',
        DATABASE_URL: 'postgres://billing@db/billing',
      }),
    );
    expect(error.message).toBe(
      'Configuration error: LEXFIN_JWKS_URL is missing, and production needs it (set it to the identity provider JWKS URL, e.g. https://auth.example.com/.well-known/jwks.json); ' +
        "LEXFIN_JWT_ISSUER is missing, and production needs it (set it to the identity provider's issuer, e.g. https://auth.example.com/); " +
        'LEXFIN_JWT_AUDIENCE is missing, and production needs it (set it to the audience Lexfin tokens are minted for, e.g. lexfin-api)',
    );

    const config = loadConfig(billingConfig, {
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://billing@db/billing',
      LEXFIN_JWKS_URL: 'https://auth.lexfin.dev/.well-known/jwks.json',
      LEXFIN_JWT_ISSUER: 'https://auth.lexfin.dev/',
      LEXFIN_JWT_AUDIENCE: 'lexfin-api',
    });
    expect(config.LEXFIN_JWT_SECRET).toBeUndefined();
    expect(config.LEXFIN_JWT_ISSUER).toBe('https://auth.lexfin.dev/');
  });

  it('rejects a JWKS URL that is not http(s)', () => {
    const error = configError(() =>
      loadConfig(billingConfig, {
        NODE_ENV: 'production',
        DATABASE_URL: 'postgres://billing@db/billing',
        LEXFIN_JWKS_URL: 'file:///etc/jwks.json',
        LEXFIN_JWT_ISSUER: 'https://auth.lexfin.dev/',
        LEXFIN_JWT_AUDIENCE: 'lexfin-api',
      }),
    );
    expect(error.message).toBe(
      'Configuration error: LEXFIN_JWKS_URL must be an http(s) URL like https://auth.example.com/.well-known/jwks.json (got "file:///etc/jwks.json")',
    );
  });

  it('phrases the problems of plain zod schemas too', () => {
    const schema = z.object({
      REGION: z.enum(['eu', 'us']),
      WORKERS: z.coerce.number().int().min(1),
      NAME: z.string().min(3),
    });
    const error = configError(() =>
      loadConfig(schema, { REGION: 'asia', WORKERS: '0', NAME: 'x' }),
    );
    expect(error.message).toBe(
      'Configuration error: REGION must be one of eu, us (got "asia"); WORKERS must be at least 1 (got "0"); NAME must be at least 3 characters long (got "x")',
    );
    expect(configError(() => loadConfig(schema, {})).message).toBe(
      'Configuration error: REGION is missing; WORKERS is missing; NAME is missing',
    );
  });
});

describe('exitOnConfigError', () => {
  it('prints the one line to stderr and exits with EX_CONFIG', () => {
    const exit = jest.spyOn(process, 'exit').mockImplementation(() => undefined as never);
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      exitOnConfigError(() => loadConfig(billingConfig, {}));
      expect(stderr).toHaveBeenCalledWith(
        expect.stringMatching(/^Configuration error: DATABASE_URL is missing .*\n$/),
      );
      expect(exit).toHaveBeenCalledWith(EX_CONFIG);
      expect(EX_CONFIG).toBe(78);
    } finally {
      exit.mockRestore();
      stderr.mockRestore();
    }
  });

  it('returns the config when it is valid and rethrows other errors', () => {
    expect(exitOnConfigError(() => 42)).toBe(42);
    expect(() =>
      exitOnConfigError(() => {
        throw new TypeError('a bug');
      }),
    ).toThrow(TypeError);
  });
});
