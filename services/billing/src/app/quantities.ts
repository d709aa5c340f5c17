import { z } from 'zod';
import { percentToPpm } from '../domain/percent';

/** A percent as a decimal string, e.g. "8.875", held as parts per million. */
export const percent = z.string().transform((value, ctx) => {
  const ppm = percentToPpm(value);
  if (ppm === undefined) {
    ctx.addIssue({
      code: 'custom',
      message: 'must be a percent between 0 and 100 with at most 4 decimals, e.g. "8.875"',
    });
    return z.NEVER;
  }
  return ppm;
});

/** Hours as a decimal string in tenths ("1.5"): held as integer tenths, never a float. */
export const hours = z
  .string()
  .regex(/^\d{1,3}(\.\d)?$/, 'must be hours in tenths, e.g. "1.5"')
  .transform((value) => {
    const [whole, tenth = '0'] = value.split('.');
    return Number(whole) * 10 + Number(tenth);
  })
  .refine((tenths) => tenths > 0 && tenths <= 240, 'must be more than 0 and at most 24 hours');

export function tenthsToHours(tenths: number): string {
  return `${Math.trunc(tenths / 10)}.${tenths % 10}`;
}
