import type { Weekday } from './calendar';

/** The steps of a collections ladder, in the order a firm would normally climb them. */
export const STAGE_KINDS = [
  'PRE_DUE_REMINDER',
  'FRIENDLY_REMINDER',
  'FORMAL_NOTICE',
  'CALL_TASK',
  'PARTNER_REVIEW',
  'FINAL_NOTICE',
  'FEE_ARBITRATION_NOTICE',
  'AGENCY_HANDOFF',
  'WRITE_OFF_RECOMMENDATION',
] as const;
export type StageKind = (typeof STAGE_KINDS)[number];

export const STAGE_CHANNELS = [
  'EMAIL',
  'SMS',
  'LETTER',
  'CALL_TASK',
  'PARTNER_REVIEW',
  'AGENCY',
] as const;
export type StageChannel = (typeof STAGE_CHANNELS)[number];

/** The channels that send a message to the client (an attempt); the others raise work for people. */
export type MessageChannel = 'EMAIL' | 'SMS' | 'LETTER';
export const MESSAGE_CHANNELS: readonly MessageChannel[] = ['EMAIL', 'SMS', 'LETTER'];

export function isMessageChannel(channel: StageChannel): channel is MessageChannel {
  return (MESSAGE_CHANNELS as readonly string[]).includes(channel);
}

export const TEMPLATE_KEYS = [
  'pre_due_reminder',
  'friendly_reminder',
  'formal_notice',
  'final_notice',
  'fee_arbitration_notice',
  'agency_notice',
] as const;
export type TemplateKey = (typeof TEMPLATE_KEYS)[number];

export const RESPONSIBLE_ROLES = ['collections_agent', 'partner', 'firm_admin'] as const;
export type ResponsibleRole = (typeof RESPONSIBLE_ROLES)[number];

/** Credit grades A-E, and clients credit-assessment has not graded. */
export const SEGMENTS = ['A', 'B', 'C', 'D', 'E', 'UNGRADED'] as const;
export type Segment = (typeof SEGMENTS)[number];

/** A client's segment from its credit grade: UNGRADED when it has none the ladder knows. */
export function segmentOfGrade(grade: string | null | undefined): Segment {
  return grade !== null && grade !== undefined && (SEGMENTS as readonly string[]).includes(grade)
    ? (grade as Segment)
    : 'UNGRADED';
}

export interface LadderStage {
  kind: StageKind;
  /** Days past due, absolute; negative for reminders before the due date. */
  offsetDays: number;
  channel: StageChannel;
  templateKey: TemplateKey | null;
  responsibleRole: ResponsibleRole;
}

export interface ContactLimits {
  /** Attempts in any 7 consecutive local days, across channels; at most 7. */
  maxAttemptsIn7Days: number;
  /** Calls in any 7 consecutive local days; at most 7 (e.g. 2 in Massachusetts). */
  maxCallsIn7Days: number;
  /** Local days, the conversation's own day first, that take no attempt; at least 7. */
  quietDaysAfterConversation: number;
  /** Local seconds of the day: sends from windowStart up to, not including, windowEnd. */
  windowStartSecond: number;
  windowEndSecond: number;
  /** Days the firm does not contact clients (empty: any day). */
  nonWorkingDays: Weekday[];
}

export interface CollectionPolicy {
  version: number;
  /** The ladder for clients whose segment has no variant of its own. */
  ladder: LadderStage[];
  variants: Partial<Record<Segment, LadderStage[]>>;
  limits: ContactLimits;
  /** ISO 3166-2 regions whose clients get the fee-arbitration step (California B&P 6201). */
  feeArbitrationRegions: string[];
  /** No contact on the days billing's firm settings do not list as working days. */
  skipNonWorkingDays: boolean;
  /** Days from a message to the pay-by date it states. */
  payWithinDays: number;
  /**
   * Calendar days a posted letter takes to reach the client: its recorded delivery is the
   * posting day plus these (the fee-arbitration client's 30 days count from delivery).
   */
  letterMailDays: number;
  /** Who the messages come from. */
  sender: { name: string; replyToEmail: string | null; phone: string | null };
  arrangements: ArrangementLimits;
}

/** How far agents and clients may arrange things, and when people are reminded. */
export interface ArrangementLimits {
  /** A promise's pay-by date is at most this many days ahead. */
  maxPromiseDays: number;
  /** A pause ends at most this many days ahead. */
  maxPauseDays: number;
  /** Days before a dispute's deadline its owner is reminded. */
  disputeReminderDays: number;
  /** Days before an instalment's due date the client is reminded. */
  instalmentReminderDays: number;
}

export const DEFAULT_ARRANGEMENT_LIMITS: ArrangementLimits = {
  maxPromiseDays: 30,
  maxPauseDays: 90,
  disputeReminderDays: 3,
  instalmentReminderDays: 3,
};

/** The rules no firm setting may loosen (DOMAIN.md, Collections). */
export const HARD_LIMITS: ContactLimits = {
  maxAttemptsIn7Days: 7,
  maxCallsIn7Days: 7,
  quietDaysAfterConversation: 7,
  windowStartSecond: 8 * 3600,
  windowEndSecond: 21 * 3600,
  nonWorkingDays: [],
};

/** A firm's limits, never looser than the hard ones. */
export function effectiveLimits(limits: ContactLimits): ContactLimits {
  return {
    maxAttemptsIn7Days: Math.min(limits.maxAttemptsIn7Days, HARD_LIMITS.maxAttemptsIn7Days),
    maxCallsIn7Days: Math.min(
      limits.maxCallsIn7Days,
      limits.maxAttemptsIn7Days,
      HARD_LIMITS.maxCallsIn7Days,
    ),
    quietDaysAfterConversation: Math.max(
      limits.quietDaysAfterConversation,
      HARD_LIMITS.quietDaysAfterConversation,
    ),
    windowStartSecond: Math.max(limits.windowStartSecond, HARD_LIMITS.windowStartSecond),
    windowEndSecond: Math.min(limits.windowEndSecond, HARD_LIMITS.windowEndSecond),
    nonWorkingDays: limits.nonWorkingDays,
  };
}

/** Human names of the stages, for messages and work lists. */
export const STAGE_LABELS: Record<StageKind, string> = {
  PRE_DUE_REMINDER: 'Reminder before the due date',
  FRIENDLY_REMINDER: 'Friendly reminder',
  FORMAL_NOTICE: 'Formal notice',
  CALL_TASK: 'Call',
  PARTNER_REVIEW: 'Partner review',
  FINAL_NOTICE: 'Final notice',
  FEE_ARBITRATION_NOTICE: 'Notice of right to fee arbitration',
  AGENCY_HANDOFF: 'Agency hand-off',
  WRITE_OFF_RECOMMENDATION: 'Write-off recommendation',
};

export function ladderFor(policy: CollectionPolicy, segment: Segment): LadderStage[] {
  return policy.variants[segment] ?? policy.ladder;
}

const stage = (
  kind: StageKind,
  offsetDays: number,
  channel: StageChannel,
  templateKey: TemplateKey | null,
  responsibleRole: ResponsibleRole = 'collections_agent',
): LadderStage => ({ kind, offsetDays, channel, templateKey, responsibleRole });

/** A ladder with the default's steps at other offsets (tone by segment). */
function ladderAt(offsets: Record<StageKind, number | null>): LadderStage[] {
  return DEFAULT_STAGES.flatMap((step) => {
    const offsetDays = offsets[step.kind];
    return offsetDays === null ? [] : [{ ...step, offsetDays }];
  });
}

const DEFAULT_STAGES: readonly LadderStage[] = [
  stage('PRE_DUE_REMINDER', -3, 'EMAIL', 'pre_due_reminder'),
  stage('FRIENDLY_REMINDER', 1, 'EMAIL', 'friendly_reminder'),
  stage('FORMAL_NOTICE', 15, 'EMAIL', 'formal_notice'),
  stage('CALL_TASK', 30, 'CALL_TASK', null),
  stage('PARTNER_REVIEW', 45, 'PARTNER_REVIEW', null, 'partner'),
  stage('FINAL_NOTICE', 60, 'LETTER', 'final_notice'),
  stage('FEE_ARBITRATION_NOTICE', 75, 'LETTER', 'fee_arbitration_notice'),
  stage('AGENCY_HANDOFF', 120, 'AGENCY', 'agency_notice', 'partner'),
];

export const DEFAULT_LETTER_MAIL_DAYS = 5;

/**
 * What a firm starts with: reliable payers (A, B) get later, gentler steps and a write-off
 * recommendation rather than an agency; habitual late payers (D, E) climb sooner.
 */
export function defaultPolicy(): CollectionPolicy {
  const gentle = ladderAt({
    PRE_DUE_REMINDER: -3,
    FRIENDLY_REMINDER: 7,
    FORMAL_NOTICE: 30,
    CALL_TASK: 45,
    PARTNER_REVIEW: 60,
    FINAL_NOTICE: 90,
    FEE_ARBITRATION_NOTICE: 100,
    AGENCY_HANDOFF: null,
    WRITE_OFF_RECOMMENDATION: null,
  }).concat(stage('WRITE_OFF_RECOMMENDATION', 150, 'PARTNER_REVIEW', null, 'partner'));
  const firm = ladderAt({
    PRE_DUE_REMINDER: -7,
    FRIENDLY_REMINDER: 1,
    FORMAL_NOTICE: 10,
    CALL_TASK: 20,
    PARTNER_REVIEW: 30,
    FINAL_NOTICE: 45,
    FEE_ARBITRATION_NOTICE: 50,
    AGENCY_HANDOFF: 90,
    WRITE_OFF_RECOMMENDATION: null,
  });
  return {
    version: 1,
    ladder: [...DEFAULT_STAGES],
    variants: { A: gentle, B: gentle, D: firm, E: firm },
    limits: { ...HARD_LIMITS },
    feeArbitrationRegions: ['US-CA'],
    skipNonWorkingDays: false,
    payWithinDays: 7,
    // California's rule for service by mail within the state (CCP 1013(a)): five calendar days.
    letterMailDays: DEFAULT_LETTER_MAIL_DAYS,
    sender: { name: 'Accounts department', replyToEmail: null, phone: null },
    arrangements: { ...DEFAULT_ARRANGEMENT_LIMITS },
  };
}

export interface PolicyProblem {
  field: string;
  message: string;
}

/**
 * What makes a ladder unusable: a step twice, offsets out of order, a reminder that is not before
 * the due date, a message step without a template, an agency hand-off before the fee-arbitration
 * notice (which must hold it).
 */
export function ladderProblems(ladder: readonly LadderStage[], field: string): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  const seen = new Set<StageKind>();
  ladder.forEach((step, index) => {
    const at = `${field}[${index}]`;
    if (seen.has(step.kind)) problems.push({ field: at, message: `${step.kind} appears twice` });
    seen.add(step.kind);
    if (index > 0 && step.offsetDays <= ladder[index - 1]!.offsetDays) {
      problems.push({ field: `${at}.offsetDays`, message: 'must be after the previous step' });
    }
    if ((step.kind === 'PRE_DUE_REMINDER') !== step.offsetDays < 0) {
      problems.push({
        field: `${at}.offsetDays`,
        message:
          step.kind === 'PRE_DUE_REMINDER'
            ? 'must be before the due date (negative)'
            : 'must be at least 1 day past due',
      });
    }
    if (isMessageChannel(step.channel) && step.templateKey === null) {
      problems.push({ field: `${at}.templateKey`, message: 'a message step needs a template' });
    }
  });
  const arbitration = ladder.findIndex((step) => step.kind === 'FEE_ARBITRATION_NOTICE');
  const agency = ladder.findIndex((step) => step.kind === 'AGENCY_HANDOFF');
  if (agency >= 0 && arbitration > agency) {
    problems.push({
      field: `${field}[${arbitration}]`,
      message: 'the fee-arbitration notice must come before the agency hand-off',
    });
  }
  return problems;
}
