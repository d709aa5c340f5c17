export { dailyFirmSweepJobNames, startDailyFirmSweep } from './daily-firm-sweep';
export type { DailyFirmSweep, DailyFirmSweepOptions } from './daily-firm-sweep';
