import { z } from 'zod';
import { input } from '@lexfin/service-kit';
import { moneyOutput } from '@lexfin/subgraph';
import { arAging } from '../app/receivables/aging';
import { collectionsConsistencyCheck } from '../app/receivables/consistency';
import { GROUP_BYS } from '../app/receivables/grouping';
import { collectionsKpis, type KpiRow } from '../app/receivables/kpis';
import { firmToday } from '../app/firm-calendar';
import { formatTenths, type Tenths } from '../domain/kpis';
import type { CollectionsGraphQLContext } from './context';

const { date, oneOf, parseInput } = input;

const shown = (value: Tenths | null) => (value === null ? null : formatTenths(value));

export function kpiOutput(row: KpiRow) {
  const money = (minor: bigint) => moneyOutput(minor, row.currency);
  return {
    groupId: row.group,
    label: row.label,
    openingAr: money(row.openingAr),
    sales: money(row.sales),
    collected: money(row.collected),
    closingAr: money(row.closingAr),
    closingCurrentAr: money(row.closingCurrentAr),
    wip: money(row.wip),
    annualFees: money(row.annualFees),
    countBackDso: shown(row.countBackDso),
    simpleDso: shown(row.simpleDso),
    bestPossibleDso: shown(row.bestPossibleDso),
    averageDaysDelinquent: shown(row.averageDaysDelinquent),
    collectionEffectivenessIndex: shown(row.collectionEffectivenessIndex),
    wipDays: shown(row.wipDays),
    debtorDays: shown(row.debtorDays),
    lockupDays: shown(row.lockupDays),
    collectionRate: shown(row.collectionRate),
    trend: row.trend.map((month) => ({
      month: month.month,
      billed: money(month.billed),
      collected: money(month.collected),
      closingAr: money(month.closingAr),
      countBackDso: shown(month.countBackDso),
    })),
  };
}

type Resolver = (
  parent: unknown,
  args: unknown,
  context: CollectionsGraphQLContext,
) => Promise<unknown>;

export const receivablesQueryResolvers: Record<string, Resolver> = {
  collectionsConsistencyCheck: async (_parent, _args, { scope }) => {
    const report = await collectionsConsistencyCheck(scope);
    return {
      invoicesChecked: report.invoicesChecked,
      differences: report.differences.map((difference) => ({
        invoiceId: difference.invoiceId,
        invoiceNumber: difference.invoiceNumber,
        statedOpen: moneyOutput(difference.statedOpenMinor, difference.currency),
        replicaOpen: moneyOutput(difference.replicaOpenMinor, difference.currency),
        eventType: difference.eventType,
        statedAt: difference.statedAt.toISOString(),
      })),
    };
  },
  arAging: async (_parent, args, { scope }) => {
    const query = parseInput(z.object({ asOf: date.nullish(), groupBy: oneOf(GROUP_BYS) }), args);
    const report = await arAging(scope, {
      asOf: query.asOf ?? (await firmToday(scope)),
      groupBy: query.groupBy,
    });
    return {
      ...report,
      rows: report.rows.map((row) => {
        const money = (minor: bigint) => moneyOutput(minor, row.currency);
        return {
          groupId: row.group,
          label: row.label,
          current: money(row.current),
          days1to30: money(row.days1to30),
          days31to60: money(row.days31to60),
          days61to90: money(row.days61to90),
          days91to120: money(row.days91to120),
          over120: money(row.over120),
          total: money(row.total),
        };
      }),
    };
  },
  collectionsKpis: async (_parent, args, { scope }) => {
    const query = parseInput(
      z
        .object({ from: date, to: date, groupBy: oneOf(GROUP_BYS) })
        .refine((value) => value.from <= value.to, {
          path: ['to'],
          message: 'must not be before from',
        }),
      args,
    );
    return (await collectionsKpis(scope, query)).map(kpiOutput);
  },
};
