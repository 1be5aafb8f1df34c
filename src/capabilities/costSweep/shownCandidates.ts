import { createHash } from 'node:crypto';
import type { SweepCandidate } from '../../rules/costSweep.js';

const dayMs = 86_400_000;

/**
 * A short fingerprint of the candidates a card showed: the Downgrade button cannot carry a thousand sign-in names,
 * but it can prove a fresh sweep found the same people. Order and case do not matter.
 */
export function candidatesFingerprint(principalNames: readonly string[]): string {
  const names = [...new Set(principalNames.map((name) => name.trim().toLowerCase()))].sort();
  return createHash('sha256').update(names.join('\n')).digest('base64url').slice(0, 22);
}

/**
 * The candidates of a fresh sweep that were already inactive when the card was swept, by the rule's own measure (no
 * sign-in for more than `inactiveDays` days, or never): someone who crossed the line since was not on the card.
 */
export function inactiveSince(candidates: readonly SweepCandidate[], sweptAt: Date, inactiveDays: number): SweepCandidate[] {
  return candidates.filter(
    (candidate) => candidate.lastAccessedDate === 'never' || sweptAt.getTime() - Date.parse(candidate.lastAccessedDate) > inactiveDays * dayMs,
  );
}
