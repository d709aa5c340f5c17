/** AR aging buckets (DOMAIN.md): by days past due as of a date. */
export const AGING_BUCKETS = [
  'CURRENT',
  'DAYS_1_30',
  'DAYS_31_60',
  'DAYS_61_90',
  'DAYS_91_120',
  'OVER_120',
] as const;
export type AgingBucket = (typeof AGING_BUCKETS)[number];

export function agingBucket(daysPastDue: number): AgingBucket {
  if (daysPastDue <= 0) return 'CURRENT';
  if (daysPastDue <= 30) return 'DAYS_1_30';
  if (daysPastDue <= 60) return 'DAYS_31_60';
  if (daysPastDue <= 90) return 'DAYS_61_90';
  if (daysPastDue <= 120) return 'DAYS_91_120';
  return 'OVER_120';
}

/** The first day past due of each bucket after CURRENT, for range queries on due dates. */
export const BUCKET_FIRST_DAY: Record<Exclude<AgingBucket, 'CURRENT'>, number> = {
  DAYS_1_30: 1,
  DAYS_31_60: 31,
  DAYS_61_90: 61,
  DAYS_91_120: 91,
  OVER_120: 121,
};
