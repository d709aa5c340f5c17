import { z } from 'zod';
import { formatMinorAmount } from '@lexfin/money';
import { input, type RestRoute } from '@lexfin/service-kit';
import type { CollectionsDependencies } from '../app/collections-scope';
import { firmToday } from '../app/firm-calendar';
import { arAging } from '../app/receivables/aging';
import { GROUP_BYS } from '../app/receivables/grouping';
import { collectionsKpis } from '../app/receivables/kpis';
import { formatTenths, type Tenths } from '../domain/kpis';
import { csvReply, renderCsv } from './csv';

const { date, oneOf, parseInput } = input;

const shown = (value: Tenths | null) => (value === null ? '' : formatTenths(value));

/** AR aging and KPIs as CSV downloads (the gateway serves them at the same paths). */
export const receivablesRoutes: RestRoute<CollectionsDependencies>[] = [
  {
    method: 'GET',
    url: '/collections/aging.csv',
    async handle(request, reply, { caller, deps }) {
      const scope = { ...deps, caller };
      const query = parseInput(
        z.object({ asOf: date.optional(), groupBy: oneOf(GROUP_BYS).default('CLIENT') }),
        request.query,
      );
      const asOf = query.asOf ?? (await firmToday(scope));
      const report = await arAging(scope, { asOf, groupBy: query.groupBy });
      const body = renderCsv(
        [
          'group_id',
          'group',
          'currency',
          'current',
          '1-30',
          '31-60',
          '61-90',
          '91-120',
          'over_120',
          'total',
        ],
        report.rows.map((row) => [
          row.group ?? '',
          row.label,
          row.currency,
          ...[
            row.current,
            row.days1to30,
            row.days31to60,
            row.days61to90,
            row.days91to120,
            row.over120,
            row.total,
          ].map((minor) => formatMinorAmount(minor, row.currency)),
        ]),
        [1],
      );
      return csvReply(reply, `ar-aging-${asOf}`, body);
    },
  },
  {
    method: 'GET',
    url: '/collections/kpis.csv',
    async handle(request, reply, { caller, deps }) {
      const query = parseInput(
        z.object({ from: date, to: date, groupBy: oneOf(GROUP_BYS).default('FIRM') }),
        request.query,
      );
      const rows = await collectionsKpis({ ...deps, caller }, query);
      const body = renderCsv(
        [
          'group_id',
          'group',
          'currency',
          'opening_ar',
          'sales',
          'collected',
          'closing_ar',
          'closing_current_ar',
          'wip',
          'count_back_dso',
          'simple_dso',
          'best_possible_dso',
          'add',
          'cei',
          'wip_days',
          'debtor_days',
          'lockup_days',
          'collection_rate',
        ],
        rows.map((row) => [
          row.group ?? '',
          row.label,
          row.currency,
          ...[
            row.openingAr,
            row.sales,
            row.collected,
            row.closingAr,
            row.closingCurrentAr,
            row.wip,
          ].map((minor) => formatMinorAmount(minor, row.currency)),
          ...[
            row.countBackDso,
            row.simpleDso,
            row.bestPossibleDso,
            row.averageDaysDelinquent,
            row.collectionEffectivenessIndex,
            row.wipDays,
            row.debtorDays,
            row.lockupDays,
            row.collectionRate,
          ].map(shown),
        ]),
        [1],
      );
      return csvReply(reply, `collections-kpis-${query.from}-${query.to}`, body);
    },
  },
];
