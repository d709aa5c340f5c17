import { acknowledgedOnce, repeatedKeysAnswerFirst } from './acknowledged';
import { invoiceOpenAmounts, transfersApplied } from './billing-trust';
import type { Check } from './check';
import { collectionsAgrees, creditAgrees, trustReplicas } from './replicas';
import { nothingStuck } from './stuck';
import { trustHashChains, trustLedgers } from './trust';
import { webhooksDelivered } from './webhooks';

export type { Check, CheckContext, CheckResult } from './check';

/** The invariants across services the suite checks once the platform has settled. */
export const checks: Check[] = [
  acknowledgedOnce,
  repeatedKeysAnswerFirst,
  trustLedgers,
  trustHashChains,
  transfersApplied,
  invoiceOpenAmounts,
  trustReplicas,
  creditAgrees,
  collectionsAgrees,
  webhooksDelivered,
  nothingStuck,
];
