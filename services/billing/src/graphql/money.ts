import { moneyOutput } from '@lexfin/subgraph';

/** A Money field of a row: its minor units in the row's currency. */
export function money<Row extends { currency: string }>(minor: (row: Row) => bigint) {
  return (row: Row) => moneyOutput(minor(row), row.currency);
}
