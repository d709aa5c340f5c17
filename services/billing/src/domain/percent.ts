/**
 * Rates (tax, interest, contingency share) are held as parts per million of the amount: 8.875 %
 * is 88,750 ppm, so every rate of up to four percent decimals is an exact integer.
 */
const PERCENT = /^(\d{1,3})(?:\.(\d{1,4}))?$/;

/** '8.875' (percent) -> 88750; undefined when it is not a percent with at most 4 decimals. */
export function percentToPpm(percent: string): number | undefined {
  const match = PERCENT.exec(percent);
  if (match === null) return undefined;
  const ppm = Number(match[1]) * 10_000 + Number((match[2] ?? '').padEnd(4, '0'));
  return ppm <= 1_000_000 ? ppm : undefined;
}

/** 88750 -> '8.875' */
export function ppmToPercent(ppm: number): string {
  const whole = Math.trunc(ppm / 10_000);
  const fraction = String(ppm % 10_000)
    .padStart(4, '0')
    .replace(/0+$/, '');
  return fraction === '' ? String(whole) : `${whole}.${fraction}`;
}
