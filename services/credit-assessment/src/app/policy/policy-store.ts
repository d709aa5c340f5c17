import { NotFoundError } from '@lexfin/platform/errors';
import { DEFAULT_CREDIT_POLICY } from '../../domain/default-policy';
import type { CreditPolicy, CreditPolicyDocument } from '../../domain/policy';
import type { CreditTx } from '../deps';
import { fromStoredJson } from '../json';

/** Version 1 of every firm's policy is the default it starts with; drafts are 2 and up. */
export const DEFAULT_POLICY_VERSION = 1;

export interface StoredPolicy {
  policy: CreditPolicy;
  draftedBy: string | null;
  draftedAt: Date | null;
  publishedBy: string | null;
  publishedAt: Date | null;
}

const defaultPolicy: StoredPolicy = {
  policy: { version: DEFAULT_POLICY_VERSION, ...DEFAULT_CREDIT_POLICY },
  draftedBy: null,
  draftedAt: null,
  publishedBy: null,
  publishedAt: null,
};

function storedOf(row: {
  version: number;
  document: unknown;
  drafted_by: string;
  drafted_at: Date;
  published_by: string | null;
  published_at: Date | null;
}): StoredPolicy {
  return {
    policy: policyOf(row),
    draftedBy: row.drafted_by,
    draftedAt: row.drafted_at,
    publishedBy: row.published_by,
    publishedAt: row.published_at,
  };
}

/** A published policy's stored version and document, or none for the default. */
export function policyOf(row: { version: number; document: unknown } | undefined): CreditPolicy {
  return row
    ? { version: row.version, ...fromStoredJson<CreditPolicyDocument>(row.document) }
    : defaultPolicy.policy;
}

/** The query `policyInForce` runs (none or one row), for a caller that reads it with others. */
export function selectPolicyInForce(tx: CreditTx, firmId: string) {
  return tx
    .selectFrom('credit_policies')
    .selectAll()
    .where('firm_id', '=', firmId)
    .where('published_at', 'is not', null)
    .orderBy('version', 'desc')
    .limit(1);
}

/** The policy in force: the latest published version, else the default. */
export async function policyInForce(tx: CreditTx, firmId: string): Promise<CreditPolicy> {
  return policyOf(await selectPolicyInForce(tx, firmId).executeTakeFirst());
}

export async function findPolicy(
  tx: CreditTx,
  firmId: string,
  version: number,
): Promise<StoredPolicy | undefined> {
  if (version === DEFAULT_POLICY_VERSION) return defaultPolicy;
  const row = await tx
    .selectFrom('credit_policies')
    .selectAll()
    .where('firm_id', '=', firmId)
    .where('version', '=', version)
    .executeTakeFirst();
  return row ? storedOf(row) : undefined;
}

export async function policyVersion(
  tx: CreditTx,
  firmId: string,
  version: number,
): Promise<StoredPolicy> {
  const found = await findPolicy(tx, firmId, version);
  if (!found) throw new NotFoundError(`Credit policy version ${version} not found`);
  return found;
}

export async function allPolicies(tx: CreditTx, firmId: string): Promise<StoredPolicy[]> {
  const rows = await tx
    .selectFrom('credit_policies')
    .selectAll()
    .where('firm_id', '=', firmId)
    .orderBy('version')
    .execute();
  return [defaultPolicy, ...rows.map(storedOf)];
}
