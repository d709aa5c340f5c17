import { allow, inFirm, type Caller } from '@lexfin/service-kit';
import type { CreditFeatures, MinorAmount } from '../../domain/features';
import { checkLimits, effectiveLimits } from '../../domain/limits';
import { assessCredit } from '../../domain/scorecard';
import type { CreditDeps } from '../deps';
import { fromStoredJson } from '../json';
import { moneyView, type MoneyView } from '../money-view';
import { CREDIT_READERS } from '../roles';
import { policyInForce, policyVersion } from './policy-store';

const UNGRADED = 'UNGRADED';

export interface HoldChange {
  clientId: string;
  currency: string;
  exposure: MoneyView;
}

export interface PolicySimulation {
  draftVersion: number;
  currentVersion: number;
  clients: number;
  /** Counts of clients from each grade under the policy in force to each under the draft. */
  migration: { from: string; to: string; clients: number }[];
  newlyOnHold: HoldChange[];
  comingOffHold: HoldChange[];
  /** The exposure of the clients whose hold would change, per currency. */
  exposureNewlyOnHold: MoneyView[];
  exposureComingOffHold: MoneyView[];
}

function totals(changes: { currency: string; amountMinor: bigint }[]): MoneyView[] {
  const sums = new Map<string, bigint>();
  for (const change of changes) {
    sums.set(change.currency, (sums.get(change.currency) ?? 0n) + change.amountMinor);
  }
  return [...sums]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([currency, amountMinor]) => moneyView({ currency, amountMinor }));
}

/**
 * What publishing a draft would do, from every client's stored features: how grades would move,
 * which clients would go on hold or come off it, and the exposure involved. Writes nothing.
 */
export async function simulateCreditPolicy(
  deps: CreditDeps,
  caller: Caller,
  draftVersion: number,
): Promise<PolicySimulation> {
  allow(caller, CREDIT_READERS);
  return inFirm(deps.db, caller, async (tx) => {
    const firmId = caller.firmId;
    const [{ policy: draft }, current, profiles, limitRows, breachRows] = await Promise.all([
      policyVersion(tx, firmId, draftVersion),
      policyInForce(tx, firmId),
      tx.selectFrom('client_profiles').select(['client_id', 'grade', 'features']).execute(),
      tx.selectFrom('credit_limits').select(['client_id', 'currency', 'amount_minor']).execute(),
      tx
        .selectFrom('credit_breaches')
        .select(['client_id', 'currency', 'breach_id'])
        .where('restored_at', 'is', null)
        .execute(),
    ]);
    const migration = new Map<string, number>();
    const onHold: (MinorAmount & { clientId: string })[] = [];
    const offHold: (MinorAmount & { clientId: string })[] = [];
    for (const profile of profiles) {
      const features = fromStoredJson<CreditFeatures>(profile.features);
      const setLimits = new Map(
        limitRows
          .filter((row) => row.client_id === profile.client_id)
          .map((row) => [row.currency, row.amount_minor]),
      );
      const openBreaches = new Map(
        breachRows
          .filter((row) => row.client_id === profile.client_id)
          .map((row) => [row.currency, row.breach_id]),
      );
      const assessment = assessCredit(features, draft, setLimits);
      const key = `${profile.grade ?? UNGRADED}>${assessment.grade ?? UNGRADED}`;
      migration.set(key, (migration.get(key) ?? 0) + 1);
      const { breaches, restores } = checkLimits(
        {
          positions: features.currencies,
          limits: effectiveLimits(draft, assessment.grade, setLimits),
          grade: assessment.grade,
          homeCurrency: features.currencies[0]?.currency ?? null,
          openBreaches,
        },
        draft,
      );
      for (const change of breaches) {
        onHold.push({
          clientId: profile.client_id,
          currency: change.currency,
          amountMinor: change.exposureMinor,
        });
      }
      for (const change of restores) {
        offHold.push({
          clientId: profile.client_id,
          currency: change.currency,
          amountMinor: change.exposureMinor,
        });
      }
    }
    const view = (change: MinorAmount & { clientId: string }): HoldChange => ({
      clientId: change.clientId,
      currency: change.currency,
      exposure: moneyView(change),
    });
    return {
      draftVersion,
      currentVersion: current.version,
      clients: profiles.length,
      migration: [...migration]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([key, clients]) => {
          const [from, to] = key.split('>') as [string, string];
          return { from, to, clients };
        }),
      newlyOnHold: onHold.map(view),
      comingOffHold: offHold.map(view),
      exposureNewlyOnHold: totals(onHold),
      exposureComingOffHold: totals(offHold),
    };
  });
}
