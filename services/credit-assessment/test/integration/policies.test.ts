import { randomUUID } from 'node:crypto';
import { inFirmTransaction } from '@lexfin/persistence';
import { startCreditHarness, type CreditHarness } from '../harness';
import { goodPayer } from '../support/good-payer';
import { defaultPolicyInput, DRAFT_POLICY, PUBLISH_POLICY } from '../support/policy';

let harness: CreditHarness;

beforeAll(async () => {
  harness = await startCreditHarness();
});

afterAll(() => harness.close());

const storedPolicies = (firmId: string) =>
  inFirmTransaction(harness.deps.db, firmId, (tx) =>
    tx.selectFrom('credit_policies').select('version').execute(),
  );

describe('a malformed policy is BAD_USER_INPUT naming the field, and nothing is written', () => {
  const firmId = randomUUID();
  const cases: [string, (policy: ReturnType<typeof defaultPolicyInput>) => void, string, RegExp][] =
    [
      [
        'an unknown factor',
        (p) => void (p.factors[0]!.factor = 'POSTCODE'),
        'policy.factors.0.factor',
        /must be one of/,
      ],
      [
        'overlapping bands',
        (p) => void (p.factors[1]!.bands[1]!.from = 0),
        'policy.factors.1.bands.1.from',
        /overlaps/,
      ],
      [
        'a gap between bands',
        (p) => void (p.factors[1]!.bands[2]!.from = 40),
        'policy.factors.1.bands.2.from',
        /gap/,
      ],
      [
        'cut-offs out of order',
        (p) => void (p.cutoffs.C = 620),
        'policy.cutoffs.C',
        /below B's cut-off/,
      ],
      [
        'a retainer over 100%',
        (p) => void (p.gradeTerms[2]!.retainerPercent = 120),
        'policy.gradeTerms.2.retainerPercent',
        /0 to 100/,
      ],
    ];

  it.each(cases)('%s', async (_name, breakIt, field, message) => {
    const officer = await harness.as(firmId, ['credit_officer']);
    const policy = defaultPolicyInput();
    breakIt(policy);
    const response = await officer.request(DRAFT_POLICY, { policy });
    expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.errors?.[0]?.extensions?.fields?.[field]).toMatch(message);
    expect(await storedPolicies(firmId)).toEqual([]);
  });
});

it('is drafted by a credit officer and published by another partner, then re-scores every client', async () => {
  const firmId = randomUUID();
  const client = goodPayer(firmId);
  await harness.deliver(client.events);
  const officerId = randomUUID();
  const officer = await harness.as(firmId, ['credit_officer', 'partner'], officerId);
  const clerk = await harness.as(firmId, ['billing_clerk']);
  const policy = {
    ...defaultPolicyInput(),
    cutoffs: { A: 700, B: 680, C: 640, D: 600 },
    holdGrade: 'D',
  };

  expect((await clerk.request(DRAFT_POLICY, { policy })).errors?.[0]?.extensions?.code).toBe(
    'FORBIDDEN',
  );
  const drafted = await officer.request<{ draftCreditPolicy: { version: number } }>(DRAFT_POLICY, {
    policy,
  });
  expect(drafted.data?.draftCreditPolicy).toEqual({
    version: 2,
    published: false,
    draftedBy: officerId,
  });

  // what publishing it would do: the good payer scores 670 (A today), C under the draft's cut-offs
  const simulated = await officer.request<{ simulateCreditPolicy: unknown }>(
    `{ simulateCreditPolicy(draftVersion: 2) { currentVersion clients migration { from to clients }
       newlyOnHold { clientId currency } exposureNewlyOnHold { amount currency } } }`,
  );
  expect(simulated.data?.simulateCreditPolicy).toEqual({
    currentVersion: 1,
    clients: 1,
    migration: [{ from: 'A', to: 'C', clients: 1 }],
    newlyOnHold: [],
    exposureNewlyOnHold: [],
  });

  // the drafter may not publish it, even as a partner
  const ownPublish = await officer.request(PUBLISH_POLICY, { version: 2 });
  expect(ownPublish.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  const partner = await harness.as(firmId, ['partner']);
  const published = await partner.request<{ publishCreditPolicy: { published: boolean } }>(
    PUBLISH_POLICY,
    { version: 2 },
  );
  expect(published.data?.publishCreditPolicy.published).toBe(true);

  const profile = await officer.request<{
    creditProfile: { grade: string; score: number; policyVersion: number };
  }>(`query ($id: ID!) { creditProfile(clientId: $id) { grade score policyVersion } }`, {
    id: client.stream.clientId,
  });
  expect(profile.data?.creditProfile).toEqual({ grade: 'C', score: 670, policyVersion: 2 });
  const listed = await officer.request<{
    creditPolicies: { version: number; published: boolean }[];
  }>('{ creditPolicies { version published } }');
  expect(listed.data?.creditPolicies).toEqual([
    { version: 1, published: true },
    { version: 2, published: true },
  ]);
});
