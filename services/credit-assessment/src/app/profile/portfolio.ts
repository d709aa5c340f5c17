import { allow, inFirm, type Caller } from '@lexfin/service-kit';
import type { CreditDeps } from '../deps';
import { moneyOf, type MoneyView } from '../money-view';
import { CREDIT_READERS } from '../roles';
import type { ExposureView } from './profile-view';

const UNGRADED = 'UNGRADED';

export interface CreditPortfolio {
  gradeDistribution: { grade: string; clients: number }[];
  exposureByGrade: { grade: string; exposure: MoneyView[] }[];
  largestExposures: { clientId: string; exposure: MoneyView }[];
}

/** The firm's credit at a glance: clients per grade, exposure per grade and currency, the largest. */
export async function creditPortfolio(
  deps: CreditDeps,
  caller: Caller,
  largest: number,
): Promise<CreditPortfolio> {
  allow(caller, CREDIT_READERS);
  return inFirm(deps.db, caller, async (tx) => {
    const firmId = caller.firmId;
    const [grades, exposures, top] = await Promise.all([
      tx
        .selectFrom('client_profiles')
        .select((eb) => ['grade', eb.fn.countAll<string>().as('clients')])
        .where('firm_id', '=', firmId)
        .groupBy('grade')
        .orderBy('grade')
        .execute(),
      tx
        .selectFrom('client_exposures as e')
        .innerJoin('client_profiles as p', (join) =>
          join.onRef('p.firm_id', '=', 'e.firm_id').onRef('p.client_id', '=', 'e.client_id'),
        )
        .select((eb) => [
          'p.grade',
          'e.currency',
          eb.fn.sum<string>('e.exposure_minor').as('total'),
        ])
        .where('e.firm_id', '=', firmId)
        .groupBy(['p.grade', 'e.currency'])
        .orderBy('p.grade')
        .orderBy('e.currency')
        .execute(),
      tx
        .selectFrom('client_exposures')
        .select(['client_id', 'currency', 'exposure_minor'])
        .where('firm_id', '=', firmId)
        .orderBy('exposure_minor', 'desc')
        .orderBy('client_id')
        .limit(largest)
        .execute(),
    ]);
    const byGrade = new Map<string, MoneyView[]>();
    for (const row of exposures) {
      const grade = row.grade ?? UNGRADED;
      byGrade.set(grade, [...(byGrade.get(grade) ?? []), moneyOf(BigInt(row.total), row.currency)]);
    }
    return {
      gradeDistribution: grades.map((row) => ({
        grade: row.grade ?? UNGRADED,
        clients: Number(row.clients),
      })),
      exposureByGrade: [...byGrade].map(([grade, exposure]) => ({ grade, exposure })),
      largestExposures: top.map((row) => ({
        clientId: row.client_id,
        exposure: moneyOf(row.exposure_minor, row.currency),
      })),
    };
  });
}

export interface OverLimit {
  clientId: string;
  exposure: MoneyView;
  limit: MoneyView;
  overBy: MoneyView;
}

/** Clients whose exposure is over their limit in some currency, most over first. */
export async function clientsOverLimit(
  deps: CreditDeps,
  caller: Caller,
  first: number,
): Promise<OverLimit[]> {
  allow(caller, CREDIT_READERS);
  return inFirm(deps.db, caller, async (tx) => {
    const rows = await tx
      .selectFrom('client_exposures')
      .select(['client_id', 'currency', 'exposure_minor', 'limit_minor'])
      .where('firm_id', '=', caller.firmId)
      .where('limit_minor', 'is not', null)
      .whereRef('exposure_minor', '>', 'limit_minor')
      .orderBy((eb) => eb('exposure_minor', '-', eb.ref('limit_minor')), 'desc')
      .orderBy('client_id')
      .limit(first)
      .execute();
    return rows.map((row) => ({
      clientId: row.client_id,
      exposure: moneyOf(row.exposure_minor, row.currency),
      limit: moneyOf(row.limit_minor!, row.currency),
      overBy: moneyOf(row.exposure_minor - row.limit_minor!, row.currency),
    }));
  });
}

/** Exposure of many matters per currency in one query (the DataLoader behind Matter.exposure). */
export async function matterExposures(
  deps: CreditDeps,
  caller: Caller,
  matterIds: readonly string[],
): Promise<Map<string, Omit<ExposureView, 'limit' | 'headroom' | 'aging'>[]>> {
  allow(caller, CREDIT_READERS);
  return inFirm(deps.db, caller, async (tx) => {
    const rows = await tx
      .selectFrom('matter_exposures')
      .selectAll()
      .where('firm_id', '=', caller.firmId)
      .where('matter_id', 'in', [...matterIds])
      .orderBy('currency')
      .execute();
    const byMatter = new Map<string, Omit<ExposureView, 'limit' | 'headroom' | 'aging'>[]>();
    for (const row of rows) {
      const money = (amount: bigint) => moneyOf(amount, row.currency);
      byMatter.set(row.matter_id, [
        ...(byMatter.get(row.matter_id) ?? []),
        {
          currency: row.currency,
          unbilledWork: money(row.unbilled_work_minor),
          unbilledExpenses: money(row.unbilled_expenses_minor),
          openReceivables: money(row.open_receivables_minor),
          trustHeld: money(row.trust_held_minor),
          total: money(row.exposure_minor),
        },
      ]);
    }
    return byMatter;
  });
}
