export {
  ConfigError,
  EX_CONFIG,
  baseConfigShape,
  envInteger,
  envPort,
  envPostgresUrl,
  envRedisUrl,
  envString,
  envUrl,
  exitOnConfigError,
  loadConfig,
  serviceConfigSchema,
} from './config';
export { currentContext, runWithContext, type RequestContext } from './context';
export { createLogger, type Logger, type LoggerOptions } from './logger';
export {
  AppError,
  BadUserInputError,
  ConflictError,
  DomainRuleError,
  ForbiddenError,
  NotFoundError,
  UnauthenticatedError,
  fromZodError,
  toProblemJson,
  type ProblemJson,
} from './errors';
export {
  ROLES,
  createAuthenticator,
  requireRole,
  signDevToken,
  type Authenticator,
  type AuthenticatorOptions,
  type DevTokenOptions,
  type Identity,
  type Role,
} from './auth';
export { createMetrics, type Metrics } from './metrics';
export { checkReadiness, type ReadinessCheck, type ReadinessReport } from './readiness';
export { createHttpApp, type HttpApp, type HttpAppOptions } from './http-app';
export { CORRELATION_ID_HEADER, REQUEST_ID_HEADER } from './http-context';
export {
  installGracefulShutdown,
  type GracefulShutdown,
  type GracefulShutdownOptions,
  type ShutdownStep,
} from './shutdown';
export {
  EX_UNAVAILABLE,
  kafkaDependency,
  postgresDependency,
  redisDependency,
  StartupError,
  requireReachable,
  runMain,
  unreachableAtStart,
  type StartupDependency,
} from './startup';
export { redactUrl } from './redact-url';
export { envEncryptionKey, requireKeyInProduction, SealedBox, sealedBoxFor } from './sealed-box';
