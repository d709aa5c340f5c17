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

/** OPEN <-> ON_HOLD by credit decisions; OPEN or ON_HOLD -> CLOSED; a closed matter stays closed. */
export function nextMatterStatus(
  matter: { id: string; status: MatterStatus },
  change: 'HOLD' | 'RELEASE' | 'CLOSE',
): MatterStatus {
  if (matter.status === 'CLOSED') {
    throw ruleBroken(BillingRule.MATTER_CLOSED, 'The matter is closed', { matterId: matter.id });
  }
  if (change === 'CLOSE') return 'CLOSED';
  if (change === 'HOLD' && matter.status === 'OPEN') return 'ON_HOLD';
  if (change === 'RELEASE' && matter.status === 'ON_HOLD') return 'OPEN';
  throw ruleBroken(
    BillingRule.MATTER_NOT_OPEN,
    change === 'HOLD' ? 'The matter is already on credit hold' : 'The matter is not on credit hold',
    { matterId: matter.id, status: matter.status },
  );
}
