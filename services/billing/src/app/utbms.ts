import { z } from 'zod';

/** UTBMS codes: task codes are a letter and three digits (L110), activities A101-A199. */
export const taskCode = z.string().regex(/^[A-Z]\d{3}$/, 'must be a UTBMS task code such as L110');
export const activityCode = z
  .string()
  .regex(/^A1\d{2}$/, 'must be a UTBMS activity code such as A101');
/** The UTBMS expense codes E101-E124. */
export const expenseCode = z
  .string()
  .regex(/^E1(0[1-9]|1\d|2[0-4])$/, 'must be a UTBMS expense code between E101 and E124');
