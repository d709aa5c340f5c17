import {
  disputedByInvoice,
  heldByArrangement,
  type AwaitedCreditFacts,
  type CreditNoteFacts,
  type DisputeFacts,
  type PaymentFacts,
  type PlanFacts,
  type PromiseFacts,
} from './arrangements';
import { addDays, daysBetween, instantAt, localDate } from './calendar';
import { nextAllowedContact, type ContactEntry } from './contact-limits';
import {
  isMessageChannel,
  ladderFor,
  MESSAGE_CHANNELS,
  type CollectionPolicy,
  type LadderStage,
  type MessageChannel,
  type Segment,
  type StageKind,
} from './policy';

/** Who is contacted and how, as billing last said. */
export interface ClientFacts {
  clientId: string;
  timeZone: string;
  /** ISO 3166-2 region of the postal address (e.g. 'US-CA'), null when unknown. */
  region: string | null;
  segment: Segment;
  doNotContact: boolean;
  /** Channels with both an address and the client's consent. */
  consentedChannels: MessageChannel[];
}

export interface OpenItemFacts {
  invoiceId: string;
  matterId: string;
  dueDate: string;
  /** What is open now; zero or less is settled. */
  openMinor: bigint;
  currency: string;
}

/** A ladder step recorded for an invoice: the stage is reached, whatever its outcome. */
export interface StepFacts {
  invoiceId: string;
  kind: StageKind;
  at: Date;
}

export interface PauseFacts {
  level: 'CLIENT' | 'MATTER' | 'INVOICE';
  targetId: string;
  /** Last local date of the pause, inclusive; null until lifted. */
  until: string | null;
}

export interface FeeArbitrationFacts {
  matterId: string;
  /** The recorded delivery of the notice to the client. */
  deliveredOn: string | null;
  /** The client asked for arbitration: the matter's collection pauses. */
  requestedOn: string | null;
}

export interface CaseFacts {
  client: ClientFacts;
  items: OpenItemFacts[];
  steps: StepFacts[];
  contacts: ContactEntry[];
  pauses: PauseFacts[];
  feeArbitration: FeeArbitrationFacts[];
  /** Billing's payments into the client's invoices, for promises and plans. */
  payments: PaymentFacts[];
  promises: PromiseFacts[];
  /** Accepted plans only. */
  plans: PlanFacts[];
  /** Open disputes only. */
  disputes: DisputeFacts[];
  /** Disputes decided for the client, with billing's credit notes on their invoices. */
  awaitedCredits: AwaitedCreditFacts[];
  creditNotes: CreditNoteFacts[];
  /** Channels the client asked the firm not to use (the portal's opt-out). */
  optedOutChannels: MessageChannel[];
  /** The case is with a collection agency: our own contacts stop. */
  withAgency: boolean;
  /**
   * The invoices of the case a partner ended (empty when none): they take no step while every
   * past-due item is one of them; a new past-due item reopens the case with all of them.
   */
  endedInvoiceIds: string[];
}

/** The client's days to ask for arbitration; agency or suit from the day after they run out. */
export const FEE_ARBITRATION_DAYS = 30;

export type ItemStatus = 'PRE_DUE' | 'OVERDUE' | 'PAUSED' | 'DISPUTED' | 'SETTLED' | 'ENDED';

export interface ItemState {
  invoiceId: string;
  matterId: string;
  daysPastDue: number;
  openMinor: bigint;
  /**
   * What of the open amount is under open dispute, or decided for the client and not yet
   * credited by billing: messages state only the rest.
   */
  disputedMinor: bigint;
  currency: string;
  status: ItemStatus;
  /** The last stage reached, null before the first. */
  stage: StageKind | null;
  /** The stage it climbs to next, null at the top of the ladder. */
  nextStage: LadderStage | null;
  /** The next stage is held (fee-arbitration wait) until this local date; null when not held. */
  heldUntil: string | null;
}

export interface NextStep {
  stage: LadderStage;
  /** The channel it goes by: the stage's, or another consented one; null for work items. */
  channel: MessageChannel | null;
  /** The invoices that reach the stage with this step. */
  invoiceIds: string[];
  /** Every item the message lists: the step's and every overdue, unpaused, undisputed item. */
  listedInvoiceIds: string[];
  /** The first moment the step may happen. */
  at: Date;
}

export interface CollectionState {
  /** OPEN while any item is overdue and unsettled; PAUSED when every such item is paused. */
  status: 'NONE' | 'OPEN' | 'PAUSED';
  items: ItemState[];
  nextStep: NextStep | null;
  /** Pre-due reminders that could not go before their due date (dropped, DOMAIN.md). */
  droppedPreDue: string[];
}

function pausedOn(
  facts: CaseFacts,
  item: OpenItemFacts,
  today: string,
  held: Set<string>,
): boolean {
  if (held.has(item.invoiceId)) return true;
  const arbitration = facts.feeArbitration.find((entry) => entry.matterId === item.matterId);
  if (arbitration !== undefined && arbitration.requestedOn !== null) return true;
  return facts.pauses.some(
    (pause) =>
      (pause.until === null || pause.until >= today) &&
      ((pause.level === 'CLIENT' && pause.targetId === facts.client.clientId) ||
        (pause.level === 'MATTER' && pause.targetId === item.matterId) ||
        (pause.level === 'INVOICE' && pause.targetId === item.invoiceId)),
  );
}

/** The client's region takes the fee-arbitration notice (California B&P 6201). */
export function feeArbitrationApplies(facts: CaseFacts, policy: CollectionPolicy): boolean {
  return facts.client.region !== null && policy.feeArbitrationRegions.includes(facts.client.region);
}

/**
 * The recorded delivery of a matter's fee-arbitration notice, else its step's local day
 * (`matterOf`: each invoice's matter, when the caller has it already).
 */
export function noticeDeliveredOn(
  facts: CaseFacts,
  matterId: string,
  matterOf = new Map(facts.items.map((item) => [item.invoiceId, item.matterId])),
): string | null {
  return (
    facts.feeArbitration.find((entry) => entry.matterId === matterId)?.deliveredOn ??
    facts.steps
      .filter(
        (step) =>
          step.kind === 'FEE_ARBITRATION_NOTICE' && matterOf.get(step.invoiceId) === matterId,
      )
      .map((step) => localDate(facts.client.timeZone, step.at))
      .sort()[0] ??
    null
  );
}

/**
 * A partner's end of the case holds while every past-due open item is one it ended; a new
 * past-due item lifts it (the case reopens with every item).
 */
function endHolds(facts: CaseFacts, today: string): boolean {
  if (facts.endedInvoiceIds.length === 0) return false;
  const ended = new Set(facts.endedInvoiceIds);
  return facts.items.every(
    (item) =>
      item.openMinor <= 0n || daysBetween(item.dueDate, today) < 1 || ended.has(item.invoiceId),
  );
}

/** The client's local days on which a step was taken. */
function stepDays(facts: CaseFacts): Set<string> {
  return new Set(facts.steps.map((step) => localDate(facts.client.timeZone, step.at)));
}

/**
 * The state of a client's collection, derived from the facts and the moment alone (no counters):
 * where each invoice stands on its ladder, and the one step that comes next and when. Stages are
 * climbed in ladder order, each once; a stage the current policy lists and the invoice has not
 * reached comes before every stage after it, so neither a missed run nor a new policy skips one.
 */
export function collectionState(
  facts: CaseFacts,
  policy: CollectionPolicy,
  now: Date,
): CollectionState {
  const zone = facts.client.timeZone;
  const today = localDate(zone, now);
  const ladder = ladderFor(policy, facts.client.segment);
  const arbitrationApplies = feeArbitrationApplies(facts, policy);
  const reached = new Map<string, Set<StageKind>>();
  for (const step of facts.steps) {
    const kinds = reached.get(step.invoiceId) ?? new Set<StageKind>();
    kinds.add(step.kind);
    reached.set(step.invoiceId, kinds);
  }
  const matterOfInvoice = new Map(facts.items.map((item) => [item.invoiceId, item.matterId]));
  const noticedMatters = new Set(
    facts.feeArbitration.filter((entry) => entry.deliveredOn !== null).map((e) => e.matterId),
  );
  for (const step of facts.steps) {
    const matterId = matterOfInvoice.get(step.invoiceId);
    if (step.kind === 'FEE_ARBITRATION_NOTICE' && matterId !== undefined) {
      noticedMatters.add(matterId);
    }
  }
  const held = heldByArrangement(facts.promises, facts.plans, facts.payments, today);
  const ended = new Set(endHolds(facts, today) ? facts.endedInvoiceIds : []);
  const disputed = disputedByInvoice(facts.disputes, facts.awaitedCredits, facts.creditNotes);
  const applies = (step: LadderStage, item: OpenItemFacts) =>
    step.kind !== 'FEE_ARBITRATION_NOTICE' ||
    (arbitrationApplies && !noticedMatters.has(item.matterId));

  const items: ItemState[] = facts.items.map((item) => {
    const done = reached.get(item.invoiceId) ?? new Set<StageKind>();
    const daysPastDue = daysBetween(item.dueDate, today);
    const climbed = ladder.filter((step) => done.has(step.kind));
    const stage = climbed.length === 0 ? null : climbed[climbed.length - 1]!.kind;
    const nextStage =
      ladder.find(
        (step) => step.kind !== 'PRE_DUE_REMINDER' && !done.has(step.kind) && applies(step, item),
      ) ?? null;
    let heldUntil: string | null = null;
    if (nextStage?.kind === 'AGENCY_HANDOFF' && arbitrationApplies) {
      const delivered = noticeDeliveredOn(facts, item.matterId, matterOfInvoice);
      // No delivered notice: the hand-off waits for one (the notice step comes first).
      heldUntil = delivered === null ? '9999-12-31' : addDays(delivered, FEE_ARBITRATION_DAYS + 1);
      if (heldUntil <= today) heldUntil = null;
    }
    const disputedMinor = disputed.get(item.invoiceId) ?? 0n;
    const status: ItemStatus =
      item.openMinor <= 0n
        ? 'SETTLED'
        : ended.has(item.invoiceId)
          ? 'ENDED'
          : disputedMinor >= item.openMinor
            ? 'DISPUTED'
            : facts.withAgency || pausedOn(facts, item, today, held)
              ? 'PAUSED'
              : daysPastDue >= 1
                ? 'OVERDUE'
                : 'PRE_DUE';
    return {
      invoiceId: item.invoiceId,
      matterId: item.matterId,
      daysPastDue,
      openMinor: item.openMinor,
      disputedMinor: disputedMinor < item.openMinor ? disputedMinor : item.openMinor,
      currency: item.currency,
      status,
      stage,
      nextStage,
      heldUntil,
    };
  });

  const overdueUnsettled = items.filter(
    (item) => item.openMinor > 0n && item.daysPastDue >= 1 && item.status !== 'ENDED',
  );
  const status =
    overdueUnsettled.length === 0
      ? 'NONE'
      : overdueUnsettled.some((item) => item.status === 'OVERDUE' || item.status === 'DISPUTED')
        ? 'OPEN'
        : 'PAUSED';
  const { nextStep, droppedPreDue } = decideNextStep(facts, policy, ladder, items, now);
  return { status, items, nextStep, droppedPreDue };
}

interface Candidate {
  stage: LadderStage;
  rank: number;
  invoiceIds: string[];
}

function dueCandidates(facts: CaseFacts, ladder: LadderStage[], items: ItemState[]): Candidate[] {
  const byKind = new Map<StageKind, Candidate>();
  const preDue = ladder.find((step) => step.kind === 'PRE_DUE_REMINDER');
  const add = (stage: LadderStage, invoiceId: string) => {
    const candidate = byKind.get(stage.kind) ?? {
      stage,
      rank: ladder.indexOf(stage),
      invoiceIds: [],
    };
    candidate.invoiceIds.push(invoiceId);
    byKind.set(stage.kind, candidate);
  };
  const reachedPreDue = new Set(
    facts.steps.filter((step) => step.kind === 'PRE_DUE_REMINDER').map((step) => step.invoiceId),
  );
  for (const item of items) {
    if (item.status === 'PRE_DUE' && preDue !== undefined && !reachedPreDue.has(item.invoiceId)) {
      if (item.daysPastDue >= preDue.offsetDays) add(preDue, item.invoiceId);
    }
    if (item.status !== 'OVERDUE' || item.nextStage === null || item.heldUntil !== null) continue;
    if (item.nextStage.offsetDays <= item.daysPastDue) add(item.nextStage, item.invoiceId);
  }
  return [...byKind.values()].sort((a, b) => a.rank - b.rank);
}

/** The channel a message goes by: the stage's if consented and not bounced, else another one. */
export function channelFor(facts: CaseFacts, wanted: MessageChannel): MessageChannel | null {
  if (facts.client.doNotContact) return null;
  const lastOutcome = new Map<string, string>();
  for (const entry of [...facts.contacts].sort((a, b) => a.at.getTime() - b.at.getTime())) {
    lastOutcome.set(entry.channel, entry.outcome);
  }
  const usable = (channel: MessageChannel) =>
    facts.client.consentedChannels.includes(channel) &&
    !facts.optedOutChannels.includes(channel) &&
    lastOutcome.get(channel) !== 'BOUNCED';
  if (usable(wanted)) return wanted;
  return MESSAGE_CHANNELS.find(usable) ?? null;
}

function decideNextStep(
  facts: CaseFacts,
  policy: CollectionPolicy,
  ladder: LadderStage[],
  items: ItemState[],
  now: Date,
): { nextStep: NextStep | null; droppedPreDue: string[] } {
  const zone = facts.client.timeZone;
  const today = localDate(zone, now);
  const candidates = dueCandidates(facts, ladder, items);
  const droppedPreDue: string[] = [];
  const busyDays = stepDays(facts);
  // One step a local day: a step already taken today moves the next one to tomorrow.
  const earliest = busyDays.has(today) ? startOfNextDay(zone, today) : now;
  const listed = items.filter((item) => item.status === 'OVERDUE').map((item) => item.invoiceId);
  for (const candidate of candidates) {
    const { stage } = candidate;
    const channel = isMessageChannel(stage.channel) ? channelFor(facts, stage.channel) : null;
    const at =
      channel === null
        ? earliest
        : nextAllowedContact(facts.contacts, policy.limits, zone, earliest);
    if (stage.kind === 'PRE_DUE_REMINDER') {
      const dueDates = new Map(facts.items.map((item) => [item.invoiceId, item.dueDate]));
      const sendDay = localDate(zone, at);
      const inTime = candidate.invoiceIds.filter((id) => sendDay < dueDates.get(id)!);
      droppedPreDue.push(...candidate.invoiceIds.filter((id) => !inTime.includes(id)));
      if (inTime.length === 0 || (channel === null && isMessageChannel(stage.channel))) {
        if (channel === null) droppedPreDue.push(...inTime);
        continue;
      }
      candidate.invoiceIds = inTime;
    }
    return {
      nextStep: {
        stage,
        channel,
        invoiceIds: candidate.invoiceIds,
        listedInvoiceIds: [...new Set([...candidate.invoiceIds, ...listed])],
        at,
      },
      droppedPreDue,
    };
  }
  return { nextStep: null, droppedPreDue };
}

function startOfNextDay(zone: string, today: string): Date {
  return instantAt(zone, addDays(today, 1), 0);
}
