import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { inFirmTransaction } from '@lexfin/persistence';
import { startCreditHarness, type CreditHarness } from '../harness';
import { goodPayer } from '../support/good-payer';
import { defaultPolicyInput, DRAFT_POLICY, PUBLISH_POLICY } from '../support/policy';

let harness: CreditHarness;

beforeAll(async () => {
  harness = await startCreditHarness();
});

afterAll(() => harness.close());

const ASSESS = /* GraphQL */ `
  mutation ($input: MatterIntakeInput!, $key: String!) {
    assessMatterIntake(input: $input, idempotencyKey: $key) {
      id
      clientId
      outcome
      rule
      score
      grade
      thinFile
      policyVersion
      reasons {
        code
        text
        clientText
        value
      }
      retainer {
        amount
        currency
      }
      evergreenMinimum {
        amount
        currency
      }
      headroom {
        amount
        currency
      }
    }
  }
`;

const REPLAY = /* GraphQL */ `
  query ($id: ID!) {
    replayCreditDecision(decisionId: $id) {
      identical
      featuresIdentical
      outcomeIdentical
      differences
      storedOutcome
      replayedOutcome
    }
  }
`;

type Decision = { id: string; outcome: string; grade: string | null; retainer: unknown };

const intake = (clientId: string | null, amount: string, currency = 'USD') => ({
  ...(clientId ? { clientId } : {}),
  practiceArea: 'Corporate',
  billingArrangement: 'HOURLY',
  estimatedFees: { amount, currency },
});

const decisionCount = (firmId: string) =>
  inFirmTransaction(harness.deps.db, firmId, async (tx) =>
    Number(
      (
        await tx
          .selectFrom('credit_decisions')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    ),
  );

describe('assessMatterIntake', () => {
  const firmId = randomUUID();
  let clientId: string;

  beforeAll(async () => {
    const client = goodPayer(firmId);
    clientId = client.stream.clientId;
    await harness.deliver(client.events);
  });

  it('approves a graded client within headroom, once per idempotency key', async () => {
    const officer = await harness.as(firmId, ['credit_officer']);
    const key = randomUUID();
    const first = await officer.request<{ assessMatterIntake: Decision }>(ASSESS, {
      input: intake(clientId, '20000.00'),
      key,
    });
    expect(first.data?.assessMatterIntake).toMatchObject({
      clientId,
      outcome: 'APPROVE',
      rule: 'GRADE_TERMS',
      grade: 'A',
      score: 670,
      thinFile: false,
      policyVersion: 1,
      retainer: null,
      // default A limit 250,000.00; exposure 0
      headroom: { amount: '250000.00', currency: 'USD' },
    });
    const again = await officer.request<{ assessMatterIntake: Decision }>(ASSESS, {
      input: intake(clientId, '20000.00'),
      key,
    });
    expect(again.data?.assessMatterIntake.id).toBe(first.data?.assessMatterIntake.id);
    expect(await decisionCount(firmId)).toBe(1);
  });

  it('asks a prospective client for the thin-file retainer and evergreen minimum', async () => {
    const officer = await harness.as(firmId, ['partner']);
    const response = await officer.request<{ assessMatterIntake: unknown }>(ASSESS, {
      input: intake(null, '8000.00'),
      key: randomUUID(),
    });
    expect(response.data?.assessMatterIntake).toMatchObject({
      clientId: null,
      outcome: 'APPROVE_WITH_RETAINER',
      rule: 'THIN_FILE',
      thinFile: true,
      grade: null,
      // 25% and 10% of 8,000.00
      retainer: { amount: '2000.00', currency: 'USD' },
      evergreenMinimum: { amount: '800.00', currency: 'USD' },
      reasons: [],
    });
  });

  it.each([
    ['an unknown client', () => intake(randomUUID(), '100.00'), 'input.clientId'],
    ['negative fees', () => intake(clientId, '-100.00'), 'input.estimatedFees.amount'],
    [
      'fees with more decimals than the currency has',
      () => intake(clientId, '100.001'),
      'input.estimatedFees.amount',
    ],
    [
      'an unknown currency',
      () => intake(clientId, '100.00', 'XXY'),
      'input.estimatedFees.currency',
    ],
    [
      'an unknown billing arrangement',
      () => ({ ...intake(clientId, '1.00'), billingArrangement: 'BARTER' }),
      'input.billingArrangement',
    ],
  ])(
    'refuses %s as BAD_USER_INPUT naming the field, writing nothing',
    async (_name, input, field) => {
      const officer = await harness.as(firmId, ['credit_officer']);
      const before = await decisionCount(firmId);
      const response = await officer.request(ASSESS, { input: input(), key: randomUUID() });
      expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(Object.keys(response.errors?.[0]?.extensions?.fields ?? {})).toEqual([field]);
      expect(await decisionCount(firmId)).toBe(before);
    },
  );

  it('is not for billing clerks or the client portal', async () => {
    for (const role of ['billing_clerk', 'client_portal'] as const) {
      const portalClient = role === 'client_portal' ? clientId : undefined;
      const caller = await harness.as(firmId, [role], undefined, portalClient);
      const response = await caller.request(ASSESS, {
        input: intake(clientId, '1.00'),
        key: randomUUID(),
      });
      expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
  });
});

describe('replay and override', () => {
  const firmId = randomUUID();
  let clientId: string;
  let decisionId: string;
  const requesterId = randomUUID();

  beforeAll(async () => {
    const client = goodPayer(firmId);
    clientId = client.stream.clientId;
    await harness.deliver(client.events);
    const requester = await harness.as(firmId, ['partner', 'credit_officer'], requesterId);
    const decided = await requester.request<{ assessMatterIntake: Decision }>(ASSESS, {
      input: intake(clientId, '400000.00'),
      key: randomUUID(),
    });
    // 400,000.00 against 250,000.00 headroom: over 1x, under 3x -> refer
    expect(decided.data?.assessMatterIntake.outcome).toBe('REFER_TO_PARTNER');
    decisionId = decided.data!.assessMatterIntake.id;
  });

  it('replays identical, also after facts recorded later and a newer policy published', async () => {
    const officer = await harness.as(firmId, ['credit_officer']);
    const replay = () =>
      officer.request<{ replayCreditDecision: Record<string, unknown> }>(REPLAY, {
        id: decisionId,
      });
    expect((await replay()).data?.replayCreditDecision).toEqual({
      identical: true,
      featuresIdentical: true,
      outcomeIdentical: true,
      differences: [],
      storedOutcome: 'REFER_TO_PARTNER',
      replayedOutcome: 'REFER_TO_PARTNER',
    });
    // later: a new unpaid invoice, and a stricter policy (limits of an A halved)
    harness.setNow(new Date('2026-06-30T16:00:00Z'));
    const { stream } = goodPayer(firmId);
    await harness.deliver([
      {
        ...stream.invoiceIssued({
          total: '9000.00',
          invoiceDate: '2026-06-01',
          dueDate: '2026-06-10',
        }),
      },
    ]);
    const policy = defaultPolicyInput();
    policy.gradeTerms[0]!.defaultLimits = [{ amount: '125000.00', currency: 'USD' }];
    const drafted = await officer.request<{ draftCreditPolicy: { version: number } }>(
      DRAFT_POLICY,
      { policy },
    );
    const partner = await harness.as(firmId, ['partner']);
    await partner.request(PUBLISH_POLICY, { version: drafted.data!.draftCreditPolicy.version });
    expect((await replay()).data?.replayCreditDecision.identical).toBe(true);
    harness.setNow(new Date('2026-06-30T15:00:00Z'));
  });

  it('replays a snapshot altered afterwards as not identical, naming what differs', async () => {
    await sql`update credit_decisions set features = jsonb_set(features, '{paymentIndex}', '12')
      where decision_id = ${decisionId}`.execute(harness.database.owner.db);
    const officer = await harness.as(firmId, ['credit_officer']);
    const replay = await officer.request<{ replayCreditDecision: Record<string, unknown> }>(
      REPLAY,
      { id: decisionId },
    );
    expect(replay.data?.replayCreditDecision).toMatchObject({
      identical: false,
      featuresIdentical: false,
      outcomeIdentical: true,
      differences: ['features.paymentIndex'],
    });
  });

  it('is overridden by a partner who did not ask for it, beside the original', async () => {
    const OVERRIDE = /* GraphQL */ `
      mutation ($id: ID!, $key: String!) {
        overrideCreditDecision(
          decisionId: $id
          outcome: APPROVE
          reason: "Long-standing client; partner vouches"
          idempotencyKey: $key
        ) {
          outcome
          override {
            outcome
            reason
            approvedBy
          }
        }
      }
    `;
    const requester = await harness.as(firmId, ['partner'], requesterId);
    const own = await requester.request(OVERRIDE, { id: decisionId, key: randomUUID() });
    expect(own.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const officer = await harness.as(firmId, ['credit_officer']);
    expect(
      (await officer.request(OVERRIDE, { id: decisionId, key: randomUUID() })).errors?.[0]
        ?.extensions?.code,
    ).toBe('FORBIDDEN');
    const partnerId = randomUUID();
    const partner = await harness.as(firmId, ['partner'], partnerId);
    const overridden = await partner.request<{ overrideCreditDecision: unknown }>(OVERRIDE, {
      id: decisionId,
      key: randomUUID(),
    });
    expect(overridden.data?.overrideCreditDecision).toEqual({
      outcome: 'REFER_TO_PARTNER',
      override: {
        outcome: 'APPROVE',
        reason: 'Long-standing client; partner vouches',
        approvedBy: partnerId,
      },
    });
    const listed = await officer.request<{ creditDecisions: unknown[] }>(
      `query ($id: ID!) { creditDecisions(clientId: $id) { id outcome override { outcome } } }`,
      { id: clientId },
    );
    expect(listed.data?.creditDecisions).toEqual([
      { id: decisionId, outcome: 'REFER_TO_PARTNER', override: { outcome: 'APPROVE' } },
    ]);
  });
});
