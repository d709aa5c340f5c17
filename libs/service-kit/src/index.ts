export { allow, eventCaller, systemCaller, userCaller } from './caller';
export type { Caller, RequestIds, SystemWork } from './caller';
export { emit, eventOf, inFirm, runCommand } from './command';
export type { CommandRequest } from './command';
export { defineService } from './declaration';
export type {
  ConsumerDeclaration,
  DatabaseDeclaration,
  InboxConsumerDeclaration,
  JobDeclaration,
  JobResources,
  RawConsumerDeclaration,
  RequestScope,
  RestRoute,
  ServiceConfig,
  ServiceDeclaration,
  ServiceResources,
  SubgraphDeclaration,
} from './declaration';
export * as input from './inputs';
export { restRoutesOf, type RestRouteEntry } from './rest-manifest';
export { prepareService } from './runtime/prepare-service';
export type { PreparedService, RunningService, StartOptions } from './runtime/prepare-service';
export { runService, startService } from './runtime/run-service';
export type { RunOptions } from './runtime/run-service';
