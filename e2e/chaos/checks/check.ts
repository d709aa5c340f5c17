import type { IncomingMessage } from '@lexfin/messaging';
import type { RequestLedger } from '../support/front-end';
import type { ChaosPlatform } from '../support/platform';
import type { WebhookReceiver } from '../support/receiver';
import type { Firm } from '../workload/firm';

/** What a check looked at and what it found wrong, the first offending record first. */
export interface CheckResult {
  name: string;
  examined: number;
  failures: string[];
}

/** Everything the checks read: the platform's databases, the answers, the receivers. */
export interface CheckContext {
  platform: ChaosPlatform;
  ledger: RequestLedger;
  firms: Firm[];
  receiver: WebhookReceiver;
  deadLetters: readonly IncomingMessage[];
}

export interface Check {
  name: string;
  run(context: CheckContext): Promise<CheckResult>;
}

export function defineCheck(
  name: string,
  run: (context: CheckContext, fail: (failure: string) => void) => Promise<number>,
): Check {
  return {
    name,
    async run(context) {
      const failures: string[] = [];
      const examined = await run(context, (failure) => failures.push(failure));
      return { name, examined, failures };
    },
  };
}
