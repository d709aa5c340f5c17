import type { GraphQLClient, MessageCollector } from '@lexfin/testing';
import {
  errorOf,
  eventsOf,
  ok,
  practiceAreaId,
  SEEDED_PRACTICE_AREA,
  setUpMatter,
} from '../support/fixtures';
import { newFirm, startHarness, type Harness } from '../support/harness';

let harness: Harness;
let admin: GraphQLClient;
let clerk: GraphQLClient;
let collector: MessageCollector;
const firmId = newFirm();

beforeAll(async () => {
  harness = await startHarness();
  admin = await harness.as({ firmId, roles: ['firm_admin'] });
  clerk = await harness.as({ firmId, roles: ['billing_clerk'] });
  collector = await harness.collectEvents(firmId);
});

afterAll(() => harness.close());

const AREAS = `query($all: Boolean) { practiceAreas(includeRetired: $all) { id name retired } }`;
const OPEN = `mutation($input: OpenMatterInput!) { openMatter(input: $input) { id
  responsiblePartner { id name } originatingTimekeeper { id name } practiceArea { id name } } }`;
const UPDATE = `mutation($input: UpdateMatterInput!) { updateMatter(input: $input) { id
  responsiblePartner { id } originatingTimekeeper { id } practiceArea { name } paymentTermsDays } }`;

async function timekeeper(name: string): Promise<string> {
  const created = await ok(
    clerk,
    `mutation($name: String!) { createTimekeeper(input: { name: $name, classification: ASSOC }) { id } }`,
    { name },
  );
  return created.createTimekeeper.id;
}

describe('practice areas', () => {
  it('are a list the firm_admin keeps: added once by name, retired, not deleted', async () => {
    const added = await ok(
      admin,
      `mutation { addPracticeArea(name: "Family law") { id name retired } }`,
    );
    expect(added.addPracticeArea).toMatchObject({ name: 'Family law', retired: false });
    const twice = await errorOf(admin, `mutation { addPracticeArea(name: "family LAW") { id } }`);
    expect(twice.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: { name: expect.any(String) },
    });
    const byClerk = await errorOf(clerk, `mutation { addPracticeArea(name: "Tax") { id } }`);
    expect(byClerk.extensions?.code).toBe('FORBIDDEN');

    const retired = await ok(
      admin,
      `mutation($id: ID!) { retirePracticeArea(id: $id) { retired } }`,
      {
        id: added.addPracticeArea.id,
      },
    );
    expect(retired.retirePracticeArea.retired).toBe(true);
    expect(
      (await ok(clerk, AREAS)).practiceAreas.map((area: { name: string }) => area.name),
    ).toEqual([SEEDED_PRACTICE_AREA]);
    expect((await ok(clerk, AREAS, { all: true })).practiceAreas).toHaveLength(2);
  });
});

describe('matter owners', () => {
  it('are set on openMatter and updateMatter and published in matter.opened.v2 and matter.updated.v1', async () => {
    const { clientId, timekeeperId: partnerId } = await setUpMatter(clerk);
    const originatorId = await timekeeper('Finch, Ada');
    const areaId = await practiceAreaId(clerk);
    const litigation = (await ok(admin, `mutation { addPracticeArea(name: "Litigation") { id } }`))
      .addPracticeArea.id;

    const opened = (
      await ok(clerk, OPEN, {
        input: {
          clientId,
          matterNumber: 'OWN-1',
          description: 'Boundary dispute',
          responsiblePartnerId: partnerId,
          originatingTimekeeperId: originatorId,
          practiceAreaId: areaId,
          billingArrangement: 'HOURLY',
          paymentTermsDays: 30,
        },
      })
    ).openMatter;
    expect(opened).toMatchObject({
      responsiblePartner: { id: partnerId, name: 'Arnsley, Robert' },
      originatingTimekeeper: { id: originatorId, name: 'Finch, Ada' },
      practiceArea: { id: areaId, name: SEEDED_PRACTICE_AREA },
    });

    const updated = (
      await ok(clerk, UPDATE, {
        input: {
          matterId: opened.id,
          responsiblePartnerId: originatorId,
          originatingTimekeeperId: null,
          practiceAreaId: litigation,
        },
      })
    ).updateMatter;
    expect(updated).toEqual({
      id: opened.id,
      responsiblePartner: { id: originatorId },
      originatingTimekeeper: null,
      practiceArea: { name: 'Litigation' },
      paymentTermsDays: 30,
    });

    const [openedEvent] = (await eventsOf(collector, 'lexfin.billing.matter.opened.v2', 2)).filter(
      (event) => event.subject === opened.id,
    );
    expect(openedEvent.data).toMatchObject({
      matterId: opened.id,
      clientId,
      responsiblePartnerId: partnerId,
      originatingTimekeeperId: originatorId,
      practiceAreaId: areaId,
      practiceArea: SEEDED_PRACTICE_AREA,
      billingArrangement: 'HOURLY',
      paymentTermsDays: 30,
    });
    const [updatedEvent] = await eventsOf(collector, 'lexfin.billing.matter.updated.v1', 1);
    expect(updatedEvent.data).toMatchObject({
      matterId: opened.id,
      responsiblePartnerId: originatorId,
      originatingTimekeeperId: null,
      practiceAreaId: litigation,
      practiceArea: 'Litigation',
    });
    // Billing publishes the new version only.
    expect(await eventsOf(collector, 'lexfin.billing.matter.opened.v1', 0)).toEqual([]);
  });

  it('refuses unknown timekeepers and practice areas, and retired areas on new matters, naming the field', async () => {
    const { clientId, matterId, timekeeperId } = await setUpMatter(clerk);
    const retired = (await ok(admin, `mutation { addPracticeArea(name: "Maritime") { id } }`))
      .addPracticeArea.id;
    await ok(admin, `mutation($id: ID!) { retirePracticeArea(id: $id) { id } }`, { id: retired });
    const stranger = '00000000-0000-4000-8000-000000000001';
    const base = {
      clientId,
      matterNumber: 'OWN-BAD',
      description: 'Salvage claim',
      responsiblePartnerId: timekeeperId,
      practiceAreaId: await practiceAreaId(clerk),
      billingArrangement: 'HOURLY',
      paymentTermsDays: 30,
    };
    for (const [change, field] of [
      [{ responsiblePartnerId: stranger }, 'responsiblePartnerId'],
      [{ originatingTimekeeperId: stranger }, 'originatingTimekeeperId'],
      [{ practiceAreaId: stranger }, 'practiceAreaId'],
      [{ practiceAreaId: retired }, 'practiceAreaId'],
      [{ practiceAreaId: 'litigation' }, 'practiceAreaId'],
    ] as const) {
      const error = await errorOf(clerk, OPEN, { input: { ...base, ...change } });
      expect([
        field,
        error.extensions?.code,
        Object.keys(error.extensions?.fields as object),
      ]).toEqual([field, 'BAD_USER_INPUT', [field]]);
    }
    const update = await errorOf(clerk, UPDATE, {
      input: { matterId, practiceAreaId: retired },
    });
    expect(update.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: { practiceAreaId: expect.any(String) },
    });
    const other = await harness.as({ firmId: newFirm(), roles: ['billing_clerk'] });
    const foreign = await errorOf(other, UPDATE, { input: { matterId, paymentTermsDays: 10 } });
    expect(foreign.extensions?.code).toBe('NOT_FOUND');
  });
});
