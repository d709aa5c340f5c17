import { z } from 'zod';
import {
  billingEvents,
  countryCodeSchema,
  subdivisionCodeSchema,
  subdivisionInCountry,
} from '@lexfin/contracts';
import { BadUserInputError } from '@lexfin/platform';
import { allow, emit, eventOf, inFirm, input, type Caller } from '@lexfin/service-kit';
import { weekdays, type Weekday } from '../domain/types';
import type { BillingDeps, BillingTx } from './deps';
import { Roles } from './roles';

const { firmSettingsChanged } = billingEvents;

export interface FirmSettings {
  timeZone: string;
  defaultCurrency: string;
  workingDays: Weekday[];
  country: string | null;
  region: string | null;
}

/** What a firm that never set anything works with: UTC, US dollars, Monday to Friday. */
const defaults: FirmSettings = {
  timeZone: 'UTC',
  defaultCurrency: 'USD',
  workingDays: ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'],
  country: null,
  region: null,
};

const updateFirmSettingsInput = z.object({
  timeZone: input.timeZone.optional(),
  defaultCurrency: input.currency.optional(),
  workingDays: z
    .array(input.oneOf(weekdays))
    .min(1, 'must name at least one day')
    .refine((days) => new Set(days).size === days.length, 'must not name a day twice')
    .optional(),
  country: countryCodeSchema.nullish(),
  region: subdivisionCodeSchema.nullish(),
});

async function settingsOf(tx: BillingTx, firmId: string): Promise<FirmSettings> {
  const row = await tx
    .selectFrom('firms')
    .leftJoin('firm_settings', 'firm_settings.firm_id', 'firms.firm_id')
    .select([
      'firms.time_zone',
      'firm_settings.default_currency',
      'firm_settings.working_days',
      'firm_settings.country',
      'firm_settings.region',
    ])
    .where('firms.firm_id', '=', firmId)
    .executeTakeFirst();
  if (!row?.default_currency) return { ...defaults, timeZone: row?.time_zone ?? defaults.timeZone };
  return {
    timeZone: row.time_zone,
    defaultCurrency: row.default_currency,
    workingDays: sortedDays(row.working_days ?? defaults.workingDays),
    country: row.country,
    region: row.region,
  };
}

const sortedDays = (days: Weekday[]) =>
  [...days].sort((a, b) => weekdays.indexOf(a) - weekdays.indexOf(b));

export async function firmSettings(deps: BillingDeps, caller: Caller): Promise<FirmSettings> {
  allow(caller, Roles.staffRead);
  return inFirm(deps.db, caller, (tx) => settingsOf(tx, caller.firmId));
}

/** Changes the fields given (absent: unchanged; country null clears the region too). */
export async function updateFirmSettings(
  deps: BillingDeps,
  caller: Caller,
  args: unknown,
): Promise<FirmSettings> {
  allow(caller, Roles.firmAdmin);
  const fields = input.parseInput(updateFirmSettingsInput, args);
  return inFirm(deps.db, caller, async (tx) => {
    // The directory row first, written so it is locked: concurrent updates apply one by one.
    await tx
      .insertInto('firms')
      .values({ firm_id: caller.firmId })
      .onConflict((c) => c.column('firm_id').doUpdateSet({ firm_id: caller.firmId }))
      .execute();
    const current = await settingsOf(tx, caller.firmId);
    const country = fields.country === undefined ? current.country : fields.country;
    const region =
      fields.region !== undefined
        ? fields.region
        : country === current.country
          ? current.region
          : null;
    if (region !== null && (country === null || !subdivisionInCountry(region, country))) {
      throw new BadUserInputError({
        region: country === null ? 'needs a country' : `must be a subdivision of ${country}`,
      });
    }
    const next: FirmSettings = {
      timeZone: fields.timeZone ?? current.timeZone,
      defaultCurrency: fields.defaultCurrency ?? current.defaultCurrency,
      workingDays: sortedDays(fields.workingDays ?? current.workingDays),
      country,
      region,
    };
    await tx
      .updateTable('firms')
      .set({ time_zone: next.timeZone })
      .where('firm_id', '=', caller.firmId)
      .execute();
    const columns = {
      default_currency: next.defaultCurrency,
      working_days: next.workingDays,
      country: next.country,
      region: next.region,
      updated_at: deps.clock(),
    };
    await tx
      .insertInto('firm_settings')
      .values({ firm_id: caller.firmId, ...columns })
      .onConflict((c) => c.column('firm_id').doUpdateSet(columns))
      .execute();
    await emit(tx, [
      eventOf(caller, firmSettingsChanged, caller.firmId, {
        firmId: caller.firmId,
        ...next,
        changedBy: caller.userId,
      }),
    ]);
    return next;
  });
}
