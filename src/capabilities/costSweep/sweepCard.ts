import type { OrganizationRef } from '../../azure/ports.js';
import { escapePlainUserText, escapeUserText } from '../../cards/escape.js';
import type { CostSweepCardData, DetailRow, Fact, SweepActionData } from '../../cards/views.js';
import { accessLevel, type AccessLevelId } from '../../rules/accessLevels.js';
import type { ChangeEstimate } from '../../rules/cost.js';
import type { SweepCandidate, SweepExclusion, SweepExclusionReason } from '../../rules/costSweep.js';
import { formatUsd } from '../../rules/prices.js';
import type { SweepReview } from '../../services/costSweep.js';
import { candidatesFingerprint } from './shownCandidates.js';

/** Teams cards stay readable (and within 28 KB) at 20 people a page. */
export const pageSize = 20;

export const sweepVerbs = { page: 'costSweep/page', downgrade: 'costSweep/downgrade' } as const;

/** Inputs of the keep toggles are named after the person; the action reads them back from the click's data. */
export const keepInputPrefix = 'keep:';

/** Active people and people without a paid level are counted, not listed: they are most of any organization. */
const countedOnly: readonly SweepExclusionReason[] = ['active', 'no_paid_level'];

const reasonLabels: Record<SweepExclusionReason, string> = {
  no_paid_level: 'no paid level',
  visual_studio: 'Visual Studio',
  github_enterprise: 'GitHub Enterprise',
  unknown_licensing_source: 'unknown licensing source',
  group_rule: 'group rule',
  active: 'active',
  paid_in_other_organization: 'paid in another organization',
  free_basic_grant: 'free Basic users',
};

export interface SweepView {
  organization: OrganizationRef;
  review: SweepReview;
  page: number;
  /** Lower-case sign-in names the admin keeps. */
  kept: ReadonlySet<string>;
  /** People already in an open downgrade request, by request number. */
  inRequests: ReadonlyMap<string, number>;
  now: Date;
  note?: string;
}

/** The sweep card: the saving and its breakdown, one page of candidates with keep toggles, and who is left out and why. */
export function sweepCardData({ organization, review, page, kept, inRequests, now, note }: SweepView): CostSweepCardData {
  const { result } = review;
  if (!result.ok) throw new Error('the sweep card is built from a valid sweep only');
  const listed = result.excluded.filter((exclusion) => !countedOnly.includes(exclusion.reason));
  const pages = Math.max(1, Math.ceil(result.candidates.length / pageSize));
  const shown = Math.min(Math.max(0, page), pages - 1);
  const slice = <T>(items: readonly T[]) => items.slice(shown * pageSize, (shown + 1) * pageSize);
  const action = (target: number): SweepActionData => ({ organizationId: organization.id, inactiveDays: result.inactiveDays, page: target });
  const chosen = review.chosen.filter((name) => !inRequests.has(name.toLowerCase()));
  const candidates = slice(result.candidates);
  // Only current candidates stay kept: a name that is not one (forged, or since active again) keeps nobody.
  const keptCandidates = result.candidates.map((candidate) => candidate.principalName).filter((name) => kept.has(name.toLowerCase()));
  const onPage = new Set(candidates.map((candidate) => candidate.principalName));

  return {
    title: `Cost sweep: ${organization.name}`,
    summary: result.summary,
    facts: savingFacts(result.candidates, result.excluded, result.estimate, review.chosenEstimate, chosen.length, keptCandidates.length, result.inactiveDays, now),
    caveat: review.caveat ?? '',
    candidatesTitle:
      result.candidates.length > pageSize
        ? `Paid but inactive: ${shown * pageSize + 1}–${shown * pageSize + candidates.length} of ${result.candidates.length}, longest inactive first`
        : 'Paid but inactive, longest inactive first',
    candidates: candidates.map((candidate) => ({
      // The name is shown only in the Keep toggle's title, which Teams renders as plain text.
      name: escapePlainUserText(who(candidate.displayName, candidate.principalName)),
      detail: candidateDetail(candidate, inRequests.get(candidate.principalName.toLowerCase())),
      toggleId: `${keepInputPrefix}${candidate.principalName}`,
      kept: kept.has(candidate.principalName.toLowerCase()) ? 'true' : 'false',
    })),
    excludedTitle: `Inactive or paid, but left out (${listed.length}), and why`,
    excluded: exclusionGroups(listed),
    note: note ?? nextStep(result.candidates.length, chosen.length),
    keptElsewhere: keptCandidates.filter((name) => !onPage.has(name)).join('\n'),
    canDowngrade: chosen.length > 0,
    downgradeTitle: `Downgrade ${chosen.length} to Stakeholder`,
    downgrade: { ...action(shown), sweptAt: now.toISOString(), shown: candidatesFingerprint(result.candidates.map((candidate) => candidate.principalName)) },
    current: action(shown),
    hasPrevious: shown > 0,
    previous: action(shown - 1),
    hasNext: shown < pages - 1,
    next: action(shown + 1),
  };
}

function nextStep(candidates: number, chosen: number): string {
  if (candidates === 0) return 'Nothing to downgrade. Try a shorter period, for example **cost sweep inactive 14 days**.';
  if (chosen === 0) return 'Everyone is kept or already in a downgrade request: nothing more to ask for. Untick a Keep and choose Update saving to include someone.';
  return (
    'Tick Keep for anyone who still needs their level, then choose Downgrade: that sends one approval request ' +
    'to the approvers; nothing changes until one of them approves. Anyone lowered can be given their level back ' +
    'with **restore request** and its number.'
  );
}

function savingFacts(
  candidates: readonly SweepCandidate[],
  excluded: readonly SweepExclusion[],
  all: ChangeEstimate,
  chosenEstimate: ChangeEstimate | undefined,
  chosenCount: number,
  keptCount: number,
  inactiveDays: number,
  now: Date,
): Fact[] {
  const count = (reason: SweepExclusionReason) => excluded.filter((exclusion) => exclusion.reason === reason).length;
  const month = now.toLocaleString('en-US', { month: 'long', timeZone: 'UTC' });
  const facts: Fact[] = [
    { title: 'Inactive means', value: `no sign-in for more than ${inactiveDays} days, or never since being assigned` },
    { title: 'Candidates', value: `${candidates.length}${levelCounts(candidates)}` },
    { title: 'If all are downgraded', value: `saves about ${formatUsd(-all.monthlyDelta)} a month (estimate)` },
  ];
  if (chosenEstimate) {
    facts.push(
      { title: keptCount > 0 ? `Chosen (${keptCount} kept)` : 'Chosen', value: `${chosenCount}: saves about ${formatUsd(-chosenEstimate.monthlyDelta)} a month` },
      ...breakdown(chosenEstimate),
      {
        title: `Rest of ${month}`,
        value: `about ${formatUsd(-chosenEstimate.proratedDelta)} (${chosenEstimate.proration.remainingDays} of ${chosenEstimate.proration.daysInMonth} days, metered daily)`,
      },
    );
  }
  facts.push(
    { title: 'Not listed', value: `${count('active')} active, ${count('no_paid_level')} without a paid level` },
    { title: 'Prices', value: `list prices as of ${all.priceAsOf}; Azure bills the real amount` },
  );
  return facts;
}

/**
 * The saving split by the level people lose. A downgraded user who held a free Basic seat saves nothing on their own
 * line: the seat passes to someone who paid for Basic, so that saving is counted with Basic, and said so.
 */
function breakdown(estimate: ChangeEstimate): Fact[] {
  const byLevel = new Map<AccessLevelId, { people: number; monthly: number }>();
  let passedOn = 0;
  let passedOnMonthly = 0;
  for (const line of estimate.lines) {
    if (!line.proposed) {
      if (line.monthlyDelta < 0) {
        passedOn += 1;
        passedOnMonthly += line.monthlyDelta;
      }
      continue;
    }
    if (!line.levelBefore) continue;
    const entry = byLevel.get(line.levelBefore) ?? { people: 0, monthly: 0 };
    byLevel.set(line.levelBefore, { people: entry.people + 1, monthly: entry.monthly + line.monthlyDelta });
  }
  return [...byLevel].map(([level, { people, monthly }]) => {
    const moved = level === 'basic' ? passedOnMonthly : 0;
    const note =
      level === 'basic' && passedOn > 0
        ? ` (${passedOn === 1 ? '1 held a free seat, which passes' : `${passedOn} held free seats, which pass`} to people paying for Basic)`
        : '';
    return {
      title: `· ${accessLevel(level).uiName}`,
      value: `${people} ${people === 1 ? 'person' : 'people'}, ${formatUsd(-(monthly + moved))} a month${note}`,
    };
  });
}

function levelCounts(candidates: readonly SweepCandidate[]): string {
  const basic = candidates.filter((candidate) => candidate.level === 'basic').length;
  const testPlans = candidates.filter((candidate) => candidate.level === 'basicTestPlans').length;
  const parts = [basic > 0 ? `${basic} Basic` : '', testPlans > 0 ? `${testPlans} Basic + Test Plans` : ''].filter(Boolean);
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

function candidateDetail(candidate: SweepCandidate, requestNumber: number | undefined): string {
  const level = accessLevel(candidate.level).uiName;
  const seen = lastSeen(candidate.lastAccessedDate, candidate.daysInactive);
  const pending = requestNumber === undefined ? '' : ` · already in downgrade request ${requestNumber}`;
  return `${level} · ${seen} · saves ${formatUsd(candidate.monthlySaving)} a month${pending}`;
}

/** People named per group; a large organization's hundred Visual Studio subscribers would not fit on a card. */
const namesPerGroup = 12;

/** One row per reason (and its explanation), naming the people it applies to. */
function exclusionGroups(exclusions: readonly SweepExclusion[]): DetailRow[] {
  const groups = new Map<string, SweepExclusion[]>();
  for (const exclusion of exclusions) {
    const key = `${exclusion.reason}\n${exclusion.why}`;
    groups.set(key, [...(groups.get(key) ?? []), exclusion]);
  }
  return [...groups.values()].map((members) => {
    const first = members[0] as SweepExclusion;
    const names = members.slice(0, namesPerGroup).map((member) => escapeUserText(member.displayName || member.principalName));
    const more = members.length > namesPerGroup ? ` and ${members.length - namesPerGroup} more` : '';
    return {
      name: `${reasonLabels[first.reason]} (${members.length})`,
      detail: `${first.why} ${names.join(', ')}${more}.`,
    };
  });
}

function lastSeen(lastAccessedDate: string, daysInactive: number | null): string {
  if (lastAccessedDate === 'never' || daysInactive === null) return 'never signed in';
  return `last signed in ${lastAccessedDate.slice(0, 10)} (${daysInactive === 1 ? '1 day' : `${daysInactive} days`} ago)`;
}

function who(displayName: string, principalName: string): string {
  return displayName && displayName !== principalName ? `${displayName} (${principalName})` : principalName;
}
