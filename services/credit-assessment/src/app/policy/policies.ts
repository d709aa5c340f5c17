import { ConflictError, ForbiddenError } from '@lexfin/platform/errors';
import { allow, inFirm, type Caller } from '@lexfin/service-kit';
import type { CreditPolicyDocument } from '../../domain/policy';
import type { CreditDeps } from '../deps';
import { toStoredJson } from '../json';
import { CREDIT_APPROVERS, CREDIT_MANAGERS, CREDIT_READERS } from '../roles';
import {
  allPolicies,
  DEFAULT_POLICY_VERSION,
  policyVersion,
  type StoredPolicy,
} from './policy-store';

/** Stores a validated policy document as the firm's next version, a draft. */
export async function draftCreditPolicy(
  deps: CreditDeps,
  caller: Caller,
  document: CreditPolicyDocument,
): Promise<StoredPolicy> {
  allow(caller, CREDIT_MANAGERS);
  return inFirm(deps.db, caller, async (tx) => {
    // Drafts of one firm are numbered one after the other: the lock orders concurrent drafters.
    await tx
      .selectFrom('credit_policies')
      .select('version')
      .where('firm_id', '=', caller.firmId)
      .forUpdate()
      .execute();
    const latest = await tx
      .selectFrom('credit_policies')
      .select((eb) => eb.fn.max('version').as('version'))
      .where('firm_id', '=', caller.firmId)
      .executeTakeFirst();
    const version = Math.max(latest?.version ?? DEFAULT_POLICY_VERSION, DEFAULT_POLICY_VERSION) + 1;
    await tx
      .insertInto('credit_policies')
      .values({
        firm_id: caller.firmId,
        version,
        document: toStoredJson(document),
        drafted_by: caller.userId,
        drafted_at: deps.clock(),
        published_by: null,
        published_at: null,
      })
      .execute();
    return policyVersion(tx, caller.firmId, version);
  });
}

/** Publishes a draft: a partner who did not draft it. The caller then re-scores the firm. */
export async function publishCreditPolicy(
  deps: CreditDeps,
  caller: Caller,
  version: number,
): Promise<StoredPolicy> {
  allow(caller, CREDIT_APPROVERS);
  return inFirm(deps.db, caller, async (tx) => {
    const stored = await policyVersion(tx, caller.firmId, version);
    if (stored.publishedAt !== null || version === DEFAULT_POLICY_VERSION) {
      throw new ConflictError(`Credit policy version ${version} is already published`);
    }
    if (stored.draftedBy === caller.userId) {
      throw new ForbiddenError('A credit policy is published by a partner who did not draft it');
    }
    await tx
      .updateTable('credit_policies')
      .set({ published_by: caller.userId, published_at: deps.clock() })
      .where('firm_id', '=', caller.firmId)
      .where('version', '=', version)
      .execute();
    return policyVersion(tx, caller.firmId, version);
  });
}

export async function creditPolicy(deps: CreditDeps, caller: Caller, version: number) {
  allow(caller, CREDIT_READERS);
  return inFirm(deps.db, caller, (tx) => policyVersion(tx, caller.firmId, version));
}

export async function creditPolicies(deps: CreditDeps, caller: Caller) {
  allow(caller, CREDIT_READERS);
  return inFirm(deps.db, caller, (tx) => allPolicies(tx, caller.firmId));
}
