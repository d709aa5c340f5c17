import { allow, inFirm, type Caller } from '@lexfin/service-kit';
import { creditFeatures, type CreditFeatures, type MinorAmount } from '../../domain/features';
import { effectiveLimits } from '../../domain/limits';
import { assessCredit, type CreditAssessment } from '../../domain/scorecard';
import type { CreditDeps } from '../deps';
import { loadFacts } from '../facts-store';
import { fromStoredJson } from '../json';
import { setLimitsOf } from '../limits/limits-store';
import { policyInForce } from '../policy/policy-store';
import { CREDIT_READERS, GRADE_READERS } from '../roles';
import { profileView, type CreditProfileView, type HoldView } from './profile-view';

/** Stored profiles of many clients in three queries (the DataLoader behind Client.creditProfile). */
export async function storedProfiles(
  deps: CreditDeps,
  caller: Caller,
  clientIds: readonly string[],
): Promise<Map<string, CreditProfileView>> {
  allow(caller, GRADE_READERS);
  return inFirm(deps.db, caller, async (tx) => {
    const ids = [...clientIds];
    const [profiles, exposures, breaches] = await Promise.all([
      tx.selectFrom('client_profiles').selectAll().where('client_id', 'in', ids).execute(),
      tx
        .selectFrom('client_exposures')
        .select(['client_id', 'currency', 'limit_minor'])
        .where('client_id', 'in', ids)
        .execute(),
      tx
        .selectFrom('credit_breaches')
        .select(['client_id', 'breach_id', 'currency', 'cause'])
        .where('client_id', 'in', ids)
        .where('restored_at', 'is', null)
        .orderBy('currency')
        .execute(),
    ]);
    const views = new Map<string, CreditProfileView>();
    for (const row of profiles) {
      const limits = new Map<string, bigint>();
      for (const exposure of exposures) {
        if (exposure.client_id === row.client_id && exposure.limit_minor !== null) {
          limits.set(exposure.currency, exposure.limit_minor);
        }
      }
      const holds: HoldView[] = breaches
        .filter((breach) => breach.client_id === row.client_id)
        .map((breach) => ({
          breachId: breach.breach_id,
          currency: breach.currency,
          cause: breach.cause,
        }));
      views.set(
        row.client_id,
        profileView(
          row.client_id,
          row.policy_version,
          fromStoredJson<CreditFeatures>(row.features),
          fromStoredJson<CreditAssessment>(row.assessment),
          limits,
          holds,
        ),
      );
    }
    return views;
  });
}

/** A client's profile as of a past business date, folded from its facts under today's policy. */
export async function profileAsOf(
  deps: CreditDeps,
  caller: Caller,
  clientId: string,
  asOf: string,
): Promise<CreditProfileView | null> {
  allow(caller, CREDIT_READERS);
  return inFirm(deps.db, caller, async (tx) => {
    const facts = await loadFacts(tx, caller.firmId, clientId);
    if (facts.length === 0) return null;
    const [policy, setLimits] = await Promise.all([
      policyInForce(tx, caller.firmId),
      setLimitsOf(tx, caller.firmId, clientId),
    ]);
    const features = creditFeatures(facts, asOf);
    const assessment = assessCredit(features, policy, setLimits);
    const limits = effectiveLimits(policy, assessment.grade, setLimits);
    return profileView(clientId, policy.version, features, assessment, limits, []);
  });
}

/** The firm's open receivables per currency, for each client's share of them. */
export async function firmReceivables(deps: CreditDeps, caller: Caller): Promise<MinorAmount[]> {
  allow(caller, CREDIT_READERS);
  return inFirm(deps.db, caller, async (tx) => {
    const rows = await tx
      .selectFrom('client_exposures')
      .select((eb) => ['currency', eb.fn.sum<string>('open_receivables_minor').as('total')])
      .where('firm_id', '=', caller.firmId)
      .groupBy('currency')
      .execute();
    return rows.map((row) => ({ currency: row.currency, amountMinor: BigInt(row.total) }));
  });
}
