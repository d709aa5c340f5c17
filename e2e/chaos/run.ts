import { deadLetterTopicFor } from '@lexfin/contracts';
import { startMessageCollector } from '@lexfin/testing';
import { checks, type CheckContext, type CheckResult } from './checks';
import { FaultInjector, type InjectedFault } from './faults/inject';
import { faultKinds, faultSchedule, type FaultKind, type ScheduledFault } from './faults/schedule';
import { connectBrokerProbe } from './support/broker-probe';
import { newRequestLedger, type RequestLedger } from './support/front-end';
import { backendNames, webhookAttemptTimeoutMs, type ChaosPlatform } from './support/platform';
import { sleep } from './support/ports';
import { seededRandom } from './support/random';
import { startWebhookReceiver } from './support/receiver';
import { settle } from './support/settle';
import { runWorkload, setUpFirm } from './workload';

export interface ChaosOptions {
  seed: number;
  /** How long firms work while faults fall. */
  loadMs: number;
  firms: number;
  /** Mean time between faults. */
  faultEveryMs: number;
  consumerStopMs: number;
  settleWithinMs: number;
  log(line: string): void;
}

export interface ChaosSummary {
  seed: number;
  schedule: ScheduledFault[];
  faults: InjectedFault[];
  requests: RequestLedger['counts'] & { acknowledged: number };
  outstanding: string[];
  results: CheckResult[];
  passed: boolean;
  /** What the checks read, for a test that plants a violation and runs a check again. */
  context: CheckContext;
  /** The summary as printed: requests, faults by kind, checks with the records they examined. */
  report: string;
}

/** One run: a seeded workload through the gateway, seeded faults, the settling, the checks. */
export async function runChaos(
  platform: ChaosPlatform,
  options: ChaosOptions,
): Promise<ChaosSummary> {
  const random = seededRandom(options.seed);
  const ledger = newRequestLedger();
  const receiver = await startWebhookReceiver(random.fork('receiver'), webhookAttemptTimeoutMs);
  const deadLetters = await startMessageCollector(
    platform.messaging,
    Object.values(platform.consumerGroups)
      .flat()
      .map(({ group }) => deadLetterTopicFor(group)),
  );
  const probe = await connectBrokerProbe(platform.kafka.bootstrap);
  try {
    const schedule = faultSchedule(random.fork('faults'), {
      durationMs: options.loadMs,
      everyMs: options.faultEveryMs,
      consumerStopMs: options.consumerStopMs,
      services: [...backendNames, 'gateway'],
      consumingServices: backendNames.filter((name) => platform.consumerGroups[name].length > 0),
      databases: backendNames,
    });
    options.log(
      `seed ${options.seed}: ${schedule.length} faults scheduled over ${options.loadMs / 1000} s`,
    );
    const firms = await Promise.all(
      Array.from({ length: options.firms }, (_, i) =>
        setUpFirm(platform.gatewayUrl, random.fork(`firm-${i}`), ledger, receiver, 120_000),
      ),
    );
    const injector = new FaultInjector(platform, probe);
    const faults: InjectedFault[] = [];
    const started = Date.now();
    let faultsDone!: () => void;
    const workload = runWorkload(
      firms,
      Promise.all([
        sleep(options.loadMs),
        new Promise<void>((resolve) => (faultsDone = resolve)),
      ]).then(() => undefined),
    );
    for (const fault of schedule) {
      await sleep(Math.max(0, fault.atMs - (Date.now() - started)));
      const injected = await injector.inject(fault);
      faults.push(injected);
      options.log(
        `  ${((Date.now() - started) / 1000).toFixed(0).padStart(5)} s  ${fault.kind.padEnd(14)} ${fault.target.padEnd(18)} ${injected.confirmed ? 'confirmed' : fault.holdMs > 0 && fault.kind === 'consumer-stop' ? 'holding' : 'NOT CONFIRMED'}: ${injected.evidence}`,
      );
    }
    faultsDone();
    await workload;
    await injector.release();
    options.log(`load over after ${((Date.now() - started) / 1000).toFixed(0)} s; settling`);
    const outstanding = await settle(platform, probe, options.settleWithinMs);
    const context = { platform, ledger, firms, receiver, deadLetters: deadLetters.messages };
    const results: CheckResult[] = [];
    for (const check of checks) results.push(await check.run(context));
    const poisonSeen = deadLetters.messages.length > 0;
    for (const fault of faults) {
      if (fault.kind === 'poison' && fault.confirmed && !poisonSeen) {
        fault.confirmed = false;
        fault.evidence += '; never reached a dead-letter topic';
      }
    }
    const passed =
      outstanding.length === 0 &&
      results.every((result) => result.failures.length === 0) &&
      faults.every((fault) => fault.confirmed);
    const requests = { ...ledger.counts, acknowledged: ledger.acknowledged.length };
    return {
      seed: options.seed,
      schedule,
      faults,
      requests,
      outstanding,
      results,
      passed,
      context,
      report: summaryReport(options.seed, requests, faults, outstanding, results, receiver.counts),
    };
  } finally {
    await Promise.all([receiver.close(), deadLetters.stop(), probe.close()]);
  }
}

function summaryReport(
  seed: number,
  requests: ChaosSummary['requests'],
  faults: InjectedFault[],
  outstanding: string[],
  results: CheckResult[],
  webhooks: Record<string, number>,
): string {
  const byKind = (kind: FaultKind) => faults.filter((fault) => fault.kind === kind);
  const lines = [
    `seed ${seed}`,
    `requests: ${requests.acknowledged} acknowledged of ${requests.requests} sent (${requests.retries} retries, ${requests.refused} refused, ${requests.gaveUp} given up)`,
    `webhook attempts answered: ${Object.entries(webhooks)
      .map(([kind, n]) => `${kind} ${n}`)
      .join(', ')}`,
    `faults: ${faults.filter((fault) => fault.confirmed).length} confirmed of ${faults.length}`,
    ...faultKinds.map(
      (kind) =>
        `  ${kind.padEnd(16)} ${byKind(kind).filter((fault) => fault.confirmed).length}/${byKind(kind).length}`,
    ),
    outstanding.length === 0 ? 'settled' : `NOT SETTLED: ${outstanding.join('; ')}`,
    `checks: ${results.filter((result) => result.failures.length === 0).length} passed of ${results.length}`,
    ...results.map(
      (result) =>
        `  ${result.failures.length === 0 ? 'pass' : 'FAIL'}  ${result.name} (${result.examined} records)${result.failures.length ? `: ${result.failures.length} failures, first: ${result.failures[0]}` : ''}`,
    ),
  ];
  const failed = faults.filter((fault) => !fault.confirmed);
  if (
    failed.length > 0 ||
    results.some((result) => result.failures.length > 0) ||
    outstanding.length > 0
  ) {
    lines.push(
      'fault schedule:',
      ...faults.map(
        (fault) =>
          `  ${(fault.atMs / 1000).toFixed(1)} s ${fault.kind} ${fault.target} hold ${fault.holdMs} ms: ${fault.evidence}`,
      ),
    );
  }
  return lines.join('\n');
}
