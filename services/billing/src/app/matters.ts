import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { billingEvents } from '@lexfin/contracts';
import { Money } from '@lexfin/money';
import { BadUserInputError } from '@lexfin/platform';
import { allow, emit, eventOf, inFirm, input, type Caller } from '@lexfin/service-kit';
import { closedStatus } from '../domain/matter-rules';
import type { BillingArrangement } from '../domain/types';
import { assertCurrency } from './billing-currency';
import type { BillingDeps } from './deps';
import { holdIfClientInBreach } from './credit-breaches';
import { checkMatterOwners } from './practice-areas';
import { percent } from './quantities';
import { Roles } from './roles';
import { updateInput, withoutUndefined } from './update-input';
import { firmToday, lockClient, lockMatter, type MatterRow } from './loaders';

const { matterClosed, matterOpenedV2, matterUpdated } = billingEvents;

const lateFeePolicy = z.object({
  kind: input.oneOf(['NONE', 'SIMPLE_INTEREST', 'FLAT']),
  annualRatePercent: percent.nullish(),
  flatAmount: input.money.nullish(),
  graceDays: z.int().min(0).max(365).default(0),
});

const terms = {
  description: input.text,
  responsiblePartnerId: input.id,
  originatingTimekeeperId: input.id.nullish(),
  practiceAreaId: input.id,
  billingArrangement: input.oneOf(['HOURLY', 'FLAT_FEE', 'CONTINGENCY', 'HYBRID']),
  paymentTermsDays: z.int().min(0).max(365),
  flatFee: input.positiveMoney.nullish(),
  contingencyRatePercent: percent.nullish(),
  taxRatePercent: percent.nullish(),
  lateFeePolicy: lateFeePolicy.nullish(),
  evergreenRetainerMinimum: input.money.nullish(),
};

const openMatterInput = z.object({
  clientId: input.id,
  matterNumber: input.text,
  currency: input.currency.nullish(),
  openedOn: input.date.nullish(),
  ...terms,
});
const updateMatterInput = updateInput('matterId', terms);

type Terms = Partial<z.output<z.ZodObject<typeof terms>>>;

/** Terms -> columns; money must be in the matter's currency; undefined leaves a column as it is. */
function termColumns(fields: Terms, matterCurrency: string) {
  for (const [field, value] of [
    ['flatFee', fields.flatFee],
    ['evergreenRetainerMinimum', fields.evergreenRetainerMinimum],
    ['lateFeePolicy.flatAmount', fields.lateFeePolicy?.flatAmount],
  ] as const) {
    if (value) assertCurrency(value, matterCurrency, field);
  }
  const policy = fields.lateFeePolicy;
  return {
    description: fields.description,
    responsible_partner_id: fields.responsiblePartnerId,
    originating_timekeeper_id: fields.originatingTimekeeperId,
    practice_area_id: fields.practiceAreaId,
    billing_arrangement: fields.billingArrangement,
    payment_terms_days: fields.paymentTermsDays,
    flat_fee_minor: fields.flatFee === undefined ? undefined : (fields.flatFee?.minor ?? null),
    contingency_rate_ppm: fields.contingencyRatePercent,
    tax_rate_ppm: fields.taxRatePercent === undefined ? undefined : (fields.taxRatePercent ?? 0),
    evergreen_retainer_minimum_minor:
      fields.evergreenRetainerMinimum === undefined
        ? undefined
        : (fields.evergreenRetainerMinimum?.minor ?? null),
    ...(policy === undefined
      ? {}
      : {
          late_fee_kind: policy?.kind ?? 'NONE',
          late_fee_annual_rate_ppm: policy?.annualRatePercent ?? 0,
          late_fee_flat_minor: policy?.flatAmount?.minor ?? 0n,
          late_fee_grace_days: policy?.graceDays ?? 0,
        }),
  };
}

/** The arrangement's own term must be set: a flat fee, or a contingency share. */
function assertArrangementTerms(matter: {
  billing_arrangement: BillingArrangement;
  flat_fee_minor: bigint | null;
  contingency_rate_ppm: number | null;
  late_fee_kind: string;
  late_fee_annual_rate_ppm: number;
  late_fee_flat_minor: bigint;
}): void {
  const problems: Record<string, string> = {};
  if (matter.billing_arrangement === 'FLAT_FEE' && matter.flat_fee_minor === null) {
    problems.flatFee = 'is required for a FLAT_FEE matter';
  }
  if (matter.billing_arrangement === 'CONTINGENCY' && matter.contingency_rate_ppm === null) {
    problems.contingencyRatePercent = 'is required for a CONTINGENCY matter';
  }
  if (matter.late_fee_kind === 'SIMPLE_INTEREST' && matter.late_fee_annual_rate_ppm === 0) {
    problems['lateFeePolicy.annualRatePercent'] = 'is required for SIMPLE_INTEREST';
  }
  if (matter.late_fee_kind === 'FLAT' && matter.late_fee_flat_minor === 0n) {
    problems['lateFeePolicy.flatAmount'] = 'is required for a FLAT late fee';
  }
  if (Object.keys(problems).length > 0) throw new BadUserInputError(problems);
}

/** The matter as its events carry it: terms and owners, the practice area by id and name. */
function matterState(matter: MatterRow, practiceArea: string) {
  const minimum = matter.evergreen_retainer_minimum_minor;
  return {
    matterId: matter.id,
    clientId: matter.client_id,
    matterNumber: matter.matter_number,
    description: matter.description,
    billingArrangement: matter.billing_arrangement,
    currency: matter.currency,
    paymentTermsDays: matter.payment_terms_days,
    evergreenRetainerMinimum: minimum === null ? null : Money.of(minimum, matter.currency).toJSON(),
    openedOn: matter.opened_on,
    responsiblePartnerId: matter.responsible_partner_id,
    originatingTimekeeperId: matter.originating_timekeeper_id,
    practiceAreaId: matter.practice_area_id,
    practiceArea,
  };
}

export async function openMatter(deps: BillingDeps, caller: Caller, args: unknown) {
  allow(caller, Roles.clerical);
  const fields = input.parseInput(openMatterInput, args);
  return inFirm(deps.db, caller, async (tx) => {
    const client = await lockClient(tx, caller, fields.clientId);
    const matterCurrency = fields.currency ?? client.currency;
    const values = {
      id: randomUUID(),
      firm_id: caller.firmId,
      client_id: client.id,
      matter_number: fields.matterNumber,
      currency: matterCurrency,
      opened_on: fields.openedOn ?? (await firmToday(tx, caller, deps.clock())),
      credit_hold_reason: null,
      closed_on: null,
      ...noOptionalTerms,
      ...withoutUndefined(termColumns(fields, matterCurrency)),
      description: fields.description,
      responsible_partner_id: fields.responsiblePartnerId,
      originating_timekeeper_id: fields.originatingTimekeeperId ?? null,
      practice_area_id: fields.practiceAreaId,
      billing_arrangement: fields.billingArrangement,
      payment_terms_days: fields.paymentTermsDays,
    };
    assertArrangementTerms(values);
    const practiceArea = await checkMatterOwners(tx, caller, {
      responsiblePartnerId: values.responsible_partner_id,
      originatingTimekeeperId: values.originating_timekeeper_id,
      practiceAreaId: values.practice_area_id,
    });
    const duplicate = await tx
      .selectFrom('matters')
      .select('id')
      .where('firm_id', '=', caller.firmId)
      .where('matter_number', '=', fields.matterNumber)
      .executeTakeFirst();
    if (duplicate)
      throw new BadUserInputError({ matterNumber: 'is already used by another matter' });
    const matter = await tx
      .insertInto('matters')
      .values(values)
      .returningAll()
      .executeTakeFirstOrThrow();
    const { responsiblePartnerId, ...state } = matterState(matter, practiceArea);
    await emit(tx, [
      eventOf(caller, matterOpenedV2, matter.id, {
        ...state,
        responsiblePartnerId: responsiblePartnerId!,
      }),
    ]);
    return holdIfClientInBreach(tx, caller, matter);
  });
}

/** A new matter's optional terms before the caller's: none set, no late fees. */
const noOptionalTerms = {
  flat_fee_minor: null,
  contingency_rate_ppm: null,
  tax_rate_ppm: 0,
  evergreen_retainer_minimum_minor: null,
  late_fee_kind: 'NONE',
  late_fee_annual_rate_ppm: 0,
  late_fee_flat_minor: 0n,
  late_fee_grace_days: 0,
} as const;

export async function updateMatter(deps: BillingDeps, caller: Caller, args: unknown) {
  allow(caller, Roles.clerical);
  const fields = input.parseInput(updateMatterInput, args);
  return inFirm(deps.db, caller, async (tx) => {
    const current = await lockMatter(tx, caller, fields.matterId);
    const changes = withoutUndefined(termColumns(fields, current.currency));
    const next = { ...current, ...changes };
    assertArrangementTerms(next);
    const practiceArea = await checkMatterOwners(
      tx,
      caller,
      {
        // Only owners the caller names are checked: a matter opened before partners were
        // timekeepers may have none, and may keep it that way.
        responsiblePartnerId: changes.responsible_partner_id ?? null,
        originatingTimekeeperId: changes.originating_timekeeper_id ?? null,
        practiceAreaId: next.practice_area_id,
      },
      current.practice_area_id,
    );
    const matter = await tx
      .updateTable('matters')
      .set(changes)
      .where('firm_id', '=', caller.firmId)
      .where('id', '=', current.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await emit(tx, [eventOf(caller, matterUpdated, matter.id, matterState(matter, practiceArea))]);
    return matter;
  });
}

const closeMatterInput = z.object({ matterId: input.id, closedOn: input.date.nullish() });

export async function closeMatter(deps: BillingDeps, caller: Caller, args: unknown) {
  allow(caller, Roles.clerical);
  const fields = input.parseInput(closeMatterInput, args);
  return inFirm(deps.db, caller, async (tx) => {
    const current = await lockMatter(tx, caller, fields.matterId);
    const status = closedStatus(current);
    const closedOn = fields.closedOn ?? (await firmToday(tx, caller, deps.clock()));
    const matter = await tx
      .updateTable('matters')
      .set({ status, closed_on: closedOn })
      .where('firm_id', '=', caller.firmId)
      .where('id', '=', current.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await emit(tx, [
      eventOf(caller, matterClosed, matter.id, {
        matterId: matter.id,
        clientId: matter.client_id,
        closedOn,
      }),
    ]);
    return matter;
  });
}
