import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { billingEvents } from '@lexfin/contracts';
import { Money } from '@lexfin/money';
import { BadUserInputError } from '@lexfin/platform';
import { nextMatterStatus } from '../domain/matter-rules';
import type { BillingArrangement } from '../domain/types';
import {
  allow,
  eventOf,
  inFirm,
  parseInput,
  publish,
  Roles,
  type Actor,
  type BillingDeps,
} from './context';
import {
  assertCurrency,
  currency,
  date,
  id,
  money,
  optionalText,
  percent,
  positiveMoney,
  text,
  updateInput,
} from './inputs';
import { firmToday, lockClient, lockMatter, type MatterRow } from './loaders';

const { matterClosed, matterCreditHoldChanged, matterOpened } = billingEvents;

const lateFeePolicy = z.object({
  kind: z.enum(['NONE', 'SIMPLE_INTEREST', 'FLAT']),
  annualRatePercent: percent.nullish(),
  flatAmount: money.nullish(),
  graceDays: z.int().min(0).max(365).default(0),
});

const terms = {
  description: text,
  responsiblePartner: text,
  practiceArea: text,
  billingArrangement: z.enum(['HOURLY', 'FLAT_FEE', 'CONTINGENCY', 'HYBRID']),
  paymentTermsDays: z.int().min(0).max(365),
  flatFee: positiveMoney.nullish(),
  contingencyRatePercent: percent.nullish(),
  taxRatePercent: percent.nullish(),
  lateFeePolicy: lateFeePolicy.nullish(),
  evergreenRetainerMinimum: money.nullish(),
};

const openMatterInput = z.object({
  clientId: id,
  matterNumber: text,
  currency: currency.nullish(),
  openedOn: date.nullish(),
  ...terms,
});
const updateMatterInput = updateInput('matterId', terms);

type Terms = Partial<z.output<z.ZodObject<typeof terms>>>;

/** Terms -> columns; money must be in the matter's currency; undefined leaves a column as it is. */
function termColumns(input: Terms, matterCurrency: string) {
  for (const [field, value] of [
    ['flatFee', input.flatFee],
    ['evergreenRetainerMinimum', input.evergreenRetainerMinimum],
    ['lateFeePolicy.flatAmount', input.lateFeePolicy?.flatAmount],
  ] as const) {
    if (value) assertCurrency(value, matterCurrency, field);
  }
  const policy = input.lateFeePolicy;
  return {
    description: input.description,
    responsible_partner: input.responsiblePartner,
    practice_area: input.practiceArea,
    billing_arrangement: input.billingArrangement,
    payment_terms_days: input.paymentTermsDays,
    flat_fee_minor: input.flatFee === undefined ? undefined : (input.flatFee?.minor ?? null),
    contingency_rate_ppm: input.contingencyRatePercent,
    tax_rate_ppm: input.taxRatePercent === undefined ? undefined : (input.taxRatePercent ?? 0),
    evergreen_retainer_minimum_minor:
      input.evergreenRetainerMinimum === undefined
        ? undefined
        : (input.evergreenRetainerMinimum?.minor ?? null),
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

function openedEvent(actor: Actor, matter: MatterRow) {
  const minimum = matter.evergreen_retainer_minimum_minor;
  return eventOf(actor, matterOpened, matter.id, {
    matterId: matter.id,
    clientId: matter.client_id,
    matterNumber: matter.matter_number,
    description: matter.description,
    billingArrangement: matter.billing_arrangement,
    currency: matter.currency,
    paymentTermsDays: matter.payment_terms_days,
    evergreenRetainerMinimum: minimum === null ? null : Money.of(minimum, matter.currency).toJSON(),
    openedOn: matter.opened_on,
  });
}

export async function openMatter(deps: BillingDeps, actor: Actor, input: unknown) {
  allow(actor, Roles.clerical);
  const fields = parseInput(openMatterInput, input);
  return inFirm(deps, actor, async (tx) => {
    const client = await lockClient(tx, actor, fields.clientId);
    const matterCurrency = fields.currency ?? client.currency;
    const values = {
      id: randomUUID(),
      firm_id: actor.firmId,
      client_id: client.id,
      matter_number: fields.matterNumber,
      currency: matterCurrency,
      opened_on: fields.openedOn ?? (await firmToday(tx, actor, deps.clock())),
      credit_hold_reason: null,
      closed_on: null,
      ...noOptionalTerms,
      ...withoutUndefined(termColumns(fields, matterCurrency)),
      description: fields.description,
      responsible_partner: fields.responsiblePartner,
      practice_area: fields.practiceArea,
      billing_arrangement: fields.billingArrangement,
      payment_terms_days: fields.paymentTermsDays,
    };
    assertArrangementTerms(values);
    const duplicate = await tx
      .selectFrom('matters')
      .select('id')
      .where('firm_id', '=', actor.firmId)
      .where('matter_number', '=', fields.matterNumber)
      .executeTakeFirst();
    if (duplicate)
      throw new BadUserInputError({ matterNumber: 'is already used by another matter' });
    const matter = await tx
      .insertInto('matters')
      .values(values)
      .returningAll()
      .executeTakeFirstOrThrow();
    await publish(tx, [openedEvent(actor, matter)]);
    return matter;
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

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export async function updateMatter(deps: BillingDeps, actor: Actor, input: unknown) {
  allow(actor, Roles.clerical);
  const fields = parseInput(updateMatterInput, input);
  return inFirm(deps, actor, async (tx) => {
    const current = await lockMatter(tx, actor, fields.matterId);
    const changes = withoutUndefined(termColumns(fields, current.currency));
    assertArrangementTerms({ ...current, ...changes });
    return tx
      .updateTable('matters')
      .set(changes)
      .where('firm_id', '=', actor.firmId)
      .where('id', '=', current.id)
      .returningAll()
      .executeTakeFirstOrThrow();
  });
}

const closeMatterInput = z.object({ matterId: id, closedOn: date.nullish() });

export async function closeMatter(deps: BillingDeps, actor: Actor, input: unknown) {
  allow(actor, Roles.clerical);
  const fields = parseInput(closeMatterInput, input);
  return inFirm(deps, actor, async (tx) => {
    const current = await lockMatter(tx, actor, fields.matterId);
    const status = nextMatterStatus(current, 'CLOSE');
    const closedOn = fields.closedOn ?? (await firmToday(tx, actor, deps.clock()));
    const matter = await tx
      .updateTable('matters')
      .set({ status, closed_on: closedOn })
      .where('firm_id', '=', actor.firmId)
      .where('id', '=', current.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await publish(tx, [
      eventOf(actor, matterClosed, matter.id, {
        matterId: matter.id,
        clientId: matter.client_id,
        closedOn,
      }),
    ]);
    return matter;
  });
}

const creditHoldInput = z.object({ matterId: id, reason: optionalText });

export async function changeCreditHold(
  deps: BillingDeps,
  actor: Actor,
  input: unknown,
  change: 'HOLD' | 'RELEASE',
) {
  allow(actor, Roles.creditHold);
  const fields = parseInput(creditHoldInput, input);
  if (change === 'HOLD' && !fields.reason) throw new BadUserInputError({ reason: 'is required' });
  return inFirm(deps, actor, async (tx) => {
    const current = await lockMatter(tx, actor, fields.matterId);
    const status = nextMatterStatus(current, change);
    const reason = change === 'HOLD' ? (fields.reason ?? null) : null;
    const matter = await tx
      .updateTable('matters')
      .set({ status, credit_hold_reason: reason })
      .where('firm_id', '=', actor.firmId)
      .where('id', '=', current.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await publish(tx, [
      eventOf(actor, matterCreditHoldChanged, matter.id, {
        matterId: matter.id,
        clientId: matter.client_id,
        onHold: status === 'ON_HOLD',
        reason: reason ?? fields.reason ?? null,
        changedBy: actor.userId,
      }),
    ]);
    return matter;
  });
}
