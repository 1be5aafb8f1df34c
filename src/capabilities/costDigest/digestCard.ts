import { escapeUserText } from '../../cards/escape.js';
import type { CostDigestCardData } from '../../cards/views.js';
import { accessLevel } from '../../rules/accessLevels.js';
import type { SweepCandidate } from '../../rules/costSweep.js';
import { billingDocUrl } from '../../rules/docs.js';
import { formatUsd, prices } from '../../rules/prices.js';
import type { DigestContent } from '../../services/costDigest.js';
import { digestScheduleText, type CostDigestSchedule } from '../../services/costDigestSchedule.js';

/** The card names the longest inactive few; the sweep the button starts lists, pages and lets people keep everyone. */
export const digestPeopleShown = 5;

const dailyBillingDocUrl = billingDocUrl('buy-basic-access-add-users');

export function sweepCommandFor(organization: string): string {
  return `cost sweep for ${organization}`;
}

export function digestCardData(schedule: CostDigestSchedule, content: DigestContent, now: Date): CostDigestCardData {
  const organization = schedule.organization.name;
  const title = `Monthly cost digest: ${organization}`;
  const { result } = content;
  if (!result.ok) {
    return { title, summary: result.message, facts: [], peopleTitle: '', people: [], note: stopNote(organization), buttons: [] };
  }
  const count = result.candidates.length;
  const shown = result.candidates.slice(0, digestPeopleShown);
  const caveat = content.caveat ? ` ${escapeUserText(content.caveat)}` : '';
  return {
    title,
    summary: result.summary,
    facts: [
      { title: 'Organization', value: organization },
      { title: 'Inactive means', value: `no sign-in for more than ${result.inactiveDays} days, or never` },
      { title: 'People to review', value: String(count) },
      { title: 'Saving if all move to Stakeholder', value: `about ${formatUsd(result.monthlySaving)} a month (estimate)` },
      { title: 'Read', value: `${now.toISOString().slice(0, 16).replace('T', ' ')} UTC` },
    ],
    peopleTitle: count > shown.length ? `Longest inactive (${shown.length} of ${count})` : 'Longest inactive',
    people: shown.map(personLine),
    note:
      `List prices as of ${prices.asOf}; paid access levels are billed daily while assigned, so a downgrade saves from the ` +
      `day it is made (${dailyBillingDocUrl}). Nothing changes until someone runs the sweep and an approver agrees.${caveat} ` +
      stopNote(organization),
    buttons: count > 0 ? [{ title: 'Review in a cost sweep', command: sweepCommandFor(organization) }] : [],
  };
}

function personLine(candidate: SweepCandidate): { name: string; detail: string } {
  const since = candidate.daysInactive === null ? 'never signed in' : `last signed in ${candidate.daysInactive} days ago`;
  return {
    name: `${escapeUserText(candidate.displayName)} (${escapeUserText(candidate.principalName)})`,
    detail: `${accessLevel(candidate.level).uiName} · ${since} · saves about ${formatUsd(candidate.monthlySaving)} a month`,
  };
}

function stopNote(organization: string): string {
  return `This digest comes ${digestScheduleText}; type **stop the cost digest for ${organization}** to end it.`;
}
