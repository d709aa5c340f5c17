import type { Random } from '../support/random';

export const faultKinds = [
  'kill-9',
  'sigterm',
  'broker-down',
  'broker-errors',
  'broker-latency',
  'pg-terminate',
  'redis-restart',
  'consumer-stop',
  'poison',
] as const;
export type FaultKind = (typeof faultKinds)[number];

/** One fault of the schedule: when (ms after the load starts), what, and its target. */
export interface ScheduledFault {
  atMs: number;
  kind: FaultKind;
  /** A service, a database... drawn from the seed when the fault is planned. */
  target: string;
  /** How long the fault holds (a broker down, a consumer stopped), in ms. */
  holdMs: number;
}

export interface ScheduleOptions {
  durationMs: number;
  /** Mean time between faults; each falls at a seeded point of its slot. */
  everyMs: number;
  /** How long a consumer stays stopped. */
  consumerStopMs: number;
  services: readonly string[];
  consumingServices: readonly string[];
  databases: readonly string[];
}

/**
 * The faults of a run: rounds in which every kind occurs once, each round in a seeded order, so
 * a run of n faults has at least floor(n / kinds) of every kind. The same seed gives the same
 * schedule.
 */
export function faultSchedule(random: Random, options: ScheduleOptions): ScheduledFault[] {
  const count = Math.max(1, Math.floor(options.durationMs / options.everyMs));
  const kinds: FaultKind[] = [];
  while (kinds.length < count) kinds.push(...random.shuffle(faultKinds));
  return kinds.slice(0, count).map((kind, slot) => ({
    atMs: Math.round((slot + 0.2 + random.next() * 0.6) * options.everyMs),
    kind,
    target: targetFor(kind, random, options),
    holdMs:
      kind === 'consumer-stop'
        ? options.consumerStopMs
        : kind.startsWith('broker')
          ? random.int(2_000, 6_000)
          : 0,
  }));
}

function targetFor(kind: FaultKind, random: Random, options: ScheduleOptions): string {
  switch (kind) {
    case 'kill-9':
    case 'sigterm':
      return random.pick(options.services);
    case 'consumer-stop':
      return random.pick(options.consumingServices);
    case 'pg-terminate':
      return random.pick(options.databases);
    case 'broker-errors':
      return random.pick(['produce', 'fetch', 'offsetCommit']);
    case 'broker-latency':
      return String(random.int(200, 1_500));
    case 'poison':
      return random.pick(['billing', 'trust', 'credit', 'collections']);
    case 'redis-restart':
      return 'redis';
    default:
      return 'broker 1';
  }
}
