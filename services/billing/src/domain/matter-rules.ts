import type { MatterStatus } from './types';
import { BillingRule, ruleBroken } from './errors';

/** New time and expenses go only on open matters: a credit hold or a closed matter refuses them. */
export function assertAcceptsWork(matter: { id: string; status: MatterStatus }): void {
  if (matter.status === 'ON_HOLD') {
    throw ruleBroken(
      BillingRule.CREDIT_HOLD,
      'The matter is on credit hold: no new work may be recorded',
      {
        matterId: matter.id,
      },
    );
  }
  if (matter.status === 'CLOSED') {
    throw ruleBroken(
      BillingRule.MATTER_CLOSED,
      'The matter is closed: no new work may be recorded',
      {
        matterId: matter.id,
      },
    );
  }
}

/** OPEN or ON_HOLD -> CLOSED (holds answer to credit-holds.ts); a closed matter stays closed. */
export function closedStatus(matter: { id: string; status: MatterStatus }): MatterStatus {
  if (matter.status === 'CLOSED') {
    throw ruleBroken(BillingRule.MATTER_CLOSED, 'The matter is closed', { matterId: matter.id });
  }
  return 'CLOSED';
}
