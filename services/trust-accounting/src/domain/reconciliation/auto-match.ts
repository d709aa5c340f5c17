import { dayNumber, type BankLine, type BookEntry, type LineMatch } from './items';

/**
 * How far a bank line may be posted from its entry's date and still match on amount alone: a
 * deposit can be credited a little before it is booked, and an electronic payment takes a few
 * business days. Checks match on their number however late they clear.
 */
export const MATCH_WINDOW = { daysBefore: 3, daysAfter: 10 } as const;

interface Candidate {
  line: BankLine;
  day: number;
  used: boolean;
}

/**
 * Pairs statement lines with journal entries one to one: first by check number or reference
 * with the same amount, then by the same amount within the date window, the nearest date first.
 * A line and an entry that both carry a check number only match if the numbers agree.
 */
export function autoMatch(lines: readonly BankLine[], entries: readonly BookEntry[]): LineMatch[] {
  const candidates = lines
    .map((line) => ({ line, day: dayNumber(line.postedOn), used: false }))
    .sort((a, b) => a.day - b.day);
  const byReference = new Map<string, Candidate[]>();
  const byAmount = new Map<bigint, Candidate[]>();
  for (const candidate of candidates) {
    for (const key of new Set([candidate.line.checkNumber, candidate.line.bankReference])) {
      if (key) append(byReference, key, candidate);
    }
    append(byAmount, candidate.line.amountMinor, candidate);
  }

  const ordered = [...entries].sort((a, b) => a.effectiveDate.localeCompare(b.effectiveDate));
  const matches: LineMatch[] = [];
  const unmatched: BookEntry[] = [];
  for (const entry of ordered) {
    const earliest = dayNumber(entry.effectiveDate) - MATCH_WINDOW.daysBefore;
    const found =
      entry.reference === null
        ? undefined
        : byReference
            .get(entry.reference)
            ?.find((c) => !c.used && c.line.amountMinor === entry.amountMinor && c.day >= earliest);
    if (found) take(found, entry, matches);
    else unmatched.push(entry);
  }
  for (const entry of unmatched) {
    const found = nearestByAmount(byAmount.get(entry.amountMinor) ?? [], entry);
    if (found) take(found, entry, matches);
  }
  return matches;
}

function nearestByAmount(sameAmount: readonly Candidate[], entry: BookEntry): Candidate | null {
  const day = dayNumber(entry.effectiveDate);
  let index = firstOnOrAfter(sameAmount, day - MATCH_WINDOW.daysBefore);
  let best: Candidate | null = null;
  for (; index < sameAmount.length; index += 1) {
    const candidate = sameAmount[index]!;
    if (candidate.day > day + MATCH_WINDOW.daysAfter) break;
    if (candidate.used || checkNumbersDiffer(candidate.line, entry)) continue;
    if (best === null || Math.abs(candidate.day - day) < Math.abs(best.day - day)) best = candidate;
  }
  return best;
}

function checkNumbersDiffer(line: BankLine, entry: BookEntry): boolean {
  return (
    line.checkNumber !== null && entry.reference !== null && line.checkNumber !== entry.reference
  );
}

/** Binary search in candidates sorted by day. */
function firstOnOrAfter(sorted: readonly Candidate[], day: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle]!.day < day) low = middle + 1;
    else high = middle;
  }
  return low;
}

function take(candidate: Candidate, entry: BookEntry, matches: LineMatch[]) {
  candidate.used = true;
  matches.push({ statementLineId: candidate.line.id, entryId: entry.id });
}

function append<K>(map: Map<K, Candidate[]>, key: K, candidate: Candidate) {
  const list = map.get(key);
  if (list) list.push(candidate);
  else map.set(key, [candidate]);
}
