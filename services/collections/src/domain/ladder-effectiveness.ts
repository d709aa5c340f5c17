import { perCent, type Tenths } from './kpis';
import { STAGE_KINDS } from './policy';

/**
 * Which steps work: after each contact (a message sent or a call made), did the client pay what
 * the contact was about within the 14 days after it, in full or in part, and how much.
 */
export const EFFECT_DAYS = 14;

/** A contact's segment when it was logged before segments were recorded. */
export const UNKNOWN_SEGMENT = 'UNKNOWN';

/** One currency of what a contact was about. */
export interface ContactAmount {
  currency: string;
  /** Open on the contact's invoices at the end of the contact's day. */
  owedMinor: bigint;
  /** Paid into them on the 14 days after that day (payments net of reversals, no credit notes). */
  paidMinor: bigint;
}

export interface ContactFacts {
  stageKind: string | null;
  templateKey: string | null;
  segment: string;
  amounts: ContactAmount[];
}

export interface StepEffectiveness {
  stageKind: string | null;
  templateKey: string | null;
  segment: string;
  contacts: number;
  /** Contacts after which everything owed in every currency was paid. */
  paidInFull: number;
  /** Contacts after which something was paid, but not all. */
  paidInPart: number;
  /** Paid after these contacts, per currency (currencies in order). */
  paid: { currency: string; minor: bigint }[];
}

export type ContactResult = 'FULL' | 'PART' | 'NONE';

/** Full when every currency owed was paid; part when anything was; nothing owed is nothing. */
export function contactResult(amounts: readonly ContactAmount[]): ContactResult {
  const owing = amounts.filter((amount) => amount.owedMinor > 0n);
  if (owing.length === 0) return 'NONE';
  if (owing.every((amount) => amount.paidMinor >= amount.owedMinor)) return 'FULL';
  return amounts.some((amount) => amount.paidMinor > 0n) ? 'PART' : 'NONE';
}

/** Reversals beyond the payments of the 14 days take nothing away from other contacts. */
function paidFor(amount: ContactAmount): bigint {
  return amount.paidMinor > 0n ? amount.paidMinor : 0n;
}

/** Ladder order; contacts logged by hand (no stage) last. */
function stageRank(stageKind: string | null): number {
  const rank = (STAGE_KINDS as readonly (string | null)[]).indexOf(stageKind);
  return rank === -1 ? STAGE_KINDS.length : rank;
}

const text = (value: string | null) => value ?? '';

/** The contacts summed per stage (in ladder order), template and segment. */
export function stepEffectiveness(contacts: readonly ContactFacts[]): StepEffectiveness[] {
  const rows = new Map<string, StepEffectiveness & { paidBy: Map<string, bigint> }>();
  for (const contact of contacts) {
    const key = JSON.stringify([contact.stageKind, contact.templateKey, contact.segment]);
    const row = rows.get(key) ?? {
      stageKind: contact.stageKind,
      templateKey: contact.templateKey,
      segment: contact.segment,
      contacts: 0,
      paidInFull: 0,
      paidInPart: 0,
      paid: [],
      paidBy: new Map<string, bigint>(),
    };
    row.contacts += 1;
    const result = contactResult(contact.amounts);
    if (result === 'FULL') row.paidInFull += 1;
    if (result === 'PART') row.paidInPart += 1;
    for (const amount of contact.amounts) {
      row.paidBy.set(amount.currency, (row.paidBy.get(amount.currency) ?? 0n) + paidFor(amount));
    }
    rows.set(key, row);
  }
  return [...rows.values()]
    .sort(
      (a, b) =>
        stageRank(a.stageKind) - stageRank(b.stageKind) ||
        text(a.templateKey).localeCompare(text(b.templateKey)) ||
        a.segment.localeCompare(b.segment),
    )
    .map(({ paidBy, ...row }) => ({
      ...row,
      paid: [...paidBy.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([currency, minor]) => ({ currency, minor })),
    }));
}

export interface ArrangementRates {
  promisesKept: number;
  promisesBroken: number;
  /** kept / (kept + broken), per cent to 0.1; null when none was decided. */
  promiseKeptRate: Tenths | null;
  plansCompleted: number;
  plansDefaulted: number;
  /** completed / (completed + defaulted), per cent to 0.1; null when none ended. */
  planCompletionRate: Tenths | null;
}

export function arrangementRates(counts: {
  promisesKept: number;
  promisesBroken: number;
  plansCompleted: number;
  plansDefaulted: number;
}): ArrangementRates {
  const { promisesKept, promisesBroken, plansCompleted, plansDefaulted } = counts;
  return {
    ...counts,
    promiseKeptRate: perCent(BigInt(promisesKept), BigInt(promisesKept + promisesBroken)),
    planCompletionRate: perCent(BigInt(plansCompleted), BigInt(plansCompleted + plansDefaulted)),
  };
}
