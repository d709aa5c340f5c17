import { allow, inFirm, runCommand } from '@lexfin/service-kit';
import { BadUserInputError } from '@lexfin/platform/errors';
import { ladderProblems, type CollectionPolicy } from '../../domain/policy';
import type { CollectionsScope } from '../collections-scope';
import { COLLECTIONS_READERS, POLICY_EDITORS } from '../roles';
import { currentPolicy } from './policy-store';

/**
 * Publishes a new version of the firm's collections policy (firm_admin or partner). Cases keep
 * their reached stages: the next state derivation climbs the new ladder from where each invoice
 * stands, so no stage is skipped.
 */
export async function publishCollectionPolicy(
  scope: CollectionsScope,
  request: { policy: Omit<CollectionPolicy, 'version'>; idempotencyKey: string },
): Promise<CollectionPolicy> {
  allow(scope.caller, POLICY_EDITORS);
  const problems = [
    ...ladderProblems(request.policy.ladder, 'policy.ladder'),
    ...Object.entries(request.policy.variants).flatMap(([segment, ladder]) =>
      ladderProblems(ladder ?? [], `policy.variants.${segment}`),
    ),
  ];
  if (problems.length > 0) {
    throw new BadUserInputError(
      Object.fromEntries(problems.map((problem) => [problem.field, problem.message])),
    );
  }
  return runCommand(
    scope.db,
    scope.caller,
    {
      operation: 'publishCollectionPolicy',
      idempotencyKey: request.idempotencyKey,
      input: request.policy,
    },
    async (tx) => {
      const version = (await currentPolicy(tx)).version + 1;
      const stored = { ...request.policy, version };
      await tx
        .insertInto('collection_policies')
        .values({
          firm_id: scope.caller.firmId,
          version,
          policy: JSON.stringify(stored),
          published_by: scope.caller.userId,
          published_at: scope.clock(),
        })
        .execute();
      return stored;
    },
  );
}

/** The firm's policy in force (the default until one is published). */
export async function collectionPolicy(scope: CollectionsScope): Promise<CollectionPolicy> {
  allow(scope.caller, COLLECTIONS_READERS);
  return inFirm(scope.db, scope.caller, (tx) => currentPolicy(tx));
}
