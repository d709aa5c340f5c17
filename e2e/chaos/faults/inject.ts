import { sql } from 'kysely';
import { serviceTopicFor, type ServiceName } from '@lexfin/contracts';
import { kafkaApi, kafkaError, sendMockCommand } from '@lexfin/testing';
import type { BrokerProbe } from '../support/broker-probe';
import type { BackendName, ChaosPlatform } from '../support/platform';
import { sleep } from '../support/ports';
import type { ScheduledFault } from './schedule';

/** A fault as it happened: what confirmed it, or why it could not be. */
export interface InjectedFault extends ScheduledFault {
  confirmed: boolean;
  evidence: string;
}

/** Marks the poison messages: only they may end in a dead-letter topic. */
export const poisonMarker = 'lexfin-chaos-poison';

/**
 * Injects each fault and confirms it happened from what the operating system, the broker or
 * PostgreSQL reported. A process is never hit by two faults at once: each waits for the other.
 */
export class FaultInjector {
  private readonly locks = new Map<string, Promise<unknown>>();
  private readonly holds: Promise<unknown>[] = [];
  private poisonCount = 0;

  constructor(
    private readonly platform: ChaosPlatform,
    private readonly probe: BrokerProbe,
  ) {}

  /** Injects the fault; one that holds (a stopped consumer) goes on after this returns. */
  async inject(fault: ScheduledFault): Promise<InjectedFault> {
    const record: InjectedFault = { ...fault, confirmed: false, evidence: 'not confirmed' };
    try {
      const evidence = await this.run(fault, record);
      if (evidence !== undefined) Object.assign(record, { confirmed: true, evidence });
    } catch (error) {
      record.evidence = `failed: ${(error as Error).message}`;
    }
    return record;
  }

  /** Waits for held faults to end (every consumer running again, the broker healthy). */
  async release(): Promise<void> {
    await Promise.all(this.holds);
  }

  private async run(fault: ScheduledFault, record: InjectedFault): Promise<string | undefined> {
    const { platform, probe } = this;
    const control = (line: string) => sendMockCommand(platform.kafka.control, line);
    switch (fault.kind) {
      case 'kill-9':
      case 'sigterm':
        return this.exclusive(fault.target, async () => {
          const process = platform.processes[fault.target as keyof ChaosPlatform['processes']];
          const signal = fault.kind === 'kill-9' ? 'SIGKILL' : 'SIGTERM';
          const pid = process.pid;
          const exit = await process.stop(signal);
          await process.restart();
          const ended = exit.signal ?? `exit code ${exit.code}`;
          const confirmed = fault.kind === 'kill-9' ? exit.signal === 'SIGKILL' : true;
          return confirmed ? `pid ${pid} ended (${ended}); restarted as ${process.pid}` : undefined;
        });
      case 'consumer-stop':
        return this.stopConsumers(fault, record);
      case 'broker-down': {
        await control('down 1');
        const canary = await probe.canary(0);
        await sleep(fault.holdMs);
        await control('up 1');
        return canary.error ? `canary send refused: ${canary.error}` : undefined;
      }
      case 'broker-errors': {
        // Produce requests fail too, so the suite's canary send sees the broker refuse.
        const api = kafkaApi[fault.target as keyof typeof kafkaApi];
        const count = 30;
        await control(`errors ${kafkaApi.produce} ${kafkaError.notEnoughReplicas} ${count}`);
        if (api !== kafkaApi.produce) {
          await control(`errors ${api} ${kafkaError.requestTimedOut} ${count}`);
        }
        let canary = await probe.canary(0);
        for (let attempt = 0; attempt < 3 && !canary.error; attempt++)
          canary = await probe.canary(0);
        await sleep(fault.holdMs);
        await control(`clear ${kafkaApi.produce}`);
        await control(`clear ${api}`);
        return canary.error
          ? `canary produce refused (${canary.error}); ${count} ${fault.target} requests failed`
          : undefined;
      }
      case 'broker-latency': {
        const rtt = Number(fault.target);
        await control(`rtt 1 ${rtt}`);
        const canary = await probe.canary(5);
        await sleep(fault.holdMs);
        await control('rtt 1 0');
        return canary.ms >= rtt ? `canary send took ${canary.ms} ms at rtt ${rtt} ms` : undefined;
      }
      case 'pg-terminate': {
        const database = platform.databases[fault.target as keyof ChaosPlatform['databases']];
        // The service's own connections only (the suite's are "test-..."); an idle service may
        // have closed its pool, so the fault waits up to 10 s for a connection to terminate.
        for (let attempt = 0; attempt < 50; attempt++) {
          const { rows } = await sql<{ terminated: string }>`
            select count(*) filter (where pg_terminate_backend(pid))::text as terminated
              from pg_stat_activity
             where datname = ${database.name} and pid <> pg_backend_pid()
               and backend_type = 'client backend' and application_name not like 'test-%'`.execute(
            database.owner.db,
          );
          const terminated = Number(rows[0]!.terminated);
          if (terminated > 0) return `${terminated} connections of ${database.name} terminated`;
          await sleep(200);
        }
        return undefined;
      }
      case 'redis-restart': {
        const { stoppedPid, startedPid } = await platform.redis.restart();
        return stoppedPid !== startedPid
          ? `redis-server ${stoppedPid} stopped, ${startedPid} answers PING`
          : undefined;
      }
      case 'poison': {
        const marker = `${poisonMarker}-${++this.poisonCount}`;
        const publisher = await platform.messaging.connectPublisher();
        try {
          await publisher.publish([
            {
              topic: serviceTopicFor(fault.target as ServiceName),
              key: marker,
              value: JSON.stringify({ [poisonMarker]: marker, not: 'a CloudEvent' }),
              headers: {},
            },
          ]);
        } finally {
          await publisher.disconnect();
        }
        return `${marker} published to ${serviceTopicFor(fault.target as ServiceName)}`;
      }
    }
  }

  /**
   * Restarts the service without its consumers; they stay stopped for the hold, in the
   * background while other faults go on, and are confirmed when it ends: their groups fell
   * behind (lag above zero) while they were away. The record is final once `release` returns.
   */
  private async stopConsumers(fault: ScheduledFault, record: InjectedFault): Promise<undefined> {
    const name = fault.target as BackendName;
    const process = this.platform.processes[name];
    const groups = this.platform.consumerGroups[name];
    await this.exclusive(name, async () => {
      await process.stop('SIGTERM');
      await process.restart({ CHAOS_WITHOUT_CONSUMERS: '1' });
    });
    record.evidence = 'consumers stopped; confirmation at the end of the hold';
    this.holds.push(
      sleep(fault.holdMs).then(() =>
        this.exclusive(name, async () => {
          const lags = await Promise.all(
            groups.map(
              async ({ group, topics }) => `${group} ${await this.probe.lag(group, topics)}`,
            ),
          );
          const behind = lags.some((lag) => !lag.endsWith(' 0'));
          await process.stop('SIGTERM');
          await process.restart({});
          Object.assign(record, {
            confirmed: behind,
            evidence: `${fault.holdMs / 1000} s without consumers, lag then: ${lags.join(', ')}`,
          });
        }).catch((error: Error) => (record.evidence = `failed: ${error.message}`)),
      ),
    );
    return undefined;
  }

  private exclusive<T>(name: string, work: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(name) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(work);
    this.locks.set(name, next);
    return next;
  }
}
