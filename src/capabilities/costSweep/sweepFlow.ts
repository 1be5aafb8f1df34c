import type { SeatRequest } from '../../approvals/seatRequest.js';
import type { Caller, Organization } from '../../azure/ports.js';
import { escapeUserText } from '../../cards/escape.js';
import type { CardRenderer } from '../../cards/renderer.js';
import type { CostSweepCardData } from '../../cards/views.js';
import type { BillingSetupService } from '../../services/billingSetup.js';
import type { CostSweepService, SweepReview } from '../../services/costSweep.js';
import { maxPeoplePerRequest, type SeatRequestService } from '../../services/seatRequests.js';
import type { SeatRequestNotifier } from '../seatRequests/notifier.js';
import { announcementText } from '../seatRequests/index.js';
import { candidatesFingerprint, inactiveSince } from './shownCandidates.js';
import { sweepCardData } from './sweepCard.js';

export interface SweepDeps {
  billing: BillingSetupService;
  costSweep: CostSweepService;
  seatRequests: SeatRequestService;
  notifier: SeatRequestNotifier;
  cards: CardRenderer;
  now: () => Date;
}

export type SweepOutcome =
  /** The card's data from one sweep, with a note on top when given (a caller may try several to fit the card). */
  | { kind: 'card'; dataWith(note?: string): CostSweepCardData }
  | { kind: 'invalid_days'; message: string };

/** The organizations the caller administers (the sweep lists every user, an administrator's read). */
export function administered(deps: SweepDeps, caller: Caller): Promise<Organization[]> {
  return deps.billing.organizations(caller);
}

/** The sweep read now, with the people already in an open downgrade request counted as kept (never asked twice). */
async function freshReview(
  deps: SweepDeps,
  caller: Caller,
  organization: Organization,
  options: { inactiveDays: number; kept: ReadonlySet<string> },
): Promise<{ inRequests: Awaited<ReturnType<SeatRequestService['openDowngrades']>>; review: SweepReview }> {
  const inRequests = await deps.seatRequests.openDowngrades(caller, organization);
  const review = await deps.costSweep.review(caller, {
    organization,
    inactiveDays: options.inactiveDays,
    keep: [...options.kept, ...inRequests.keys()],
  });
  return { inRequests, review };
}

/** Sweeps the organization on its real bill and builds the card for one page, with the people kept so far. */
export async function sweepCard(
  deps: SweepDeps,
  caller: Caller,
  organization: Organization,
  options: { inactiveDays: number; page: number; kept: ReadonlySet<string> },
): Promise<SweepOutcome> {
  const { inRequests, review } = await freshReview(deps, caller, organization, options);
  if (!review.result.ok) return { kind: 'invalid_days', message: review.result.message };
  const now = deps.now();
  return {
    kind: 'card',
    dataWith: (note) => sweepCardData({ organization, review, page: options.page, kept: options.kept, inRequests, now, note }),
  };
}

export type DowngradeOutcome =
  | { kind: 'requested'; raised: SeatRequest[]; messages: string[] }
  | { kind: 'invalid_days'; message: string }
  /** The fresh sweep does not find the people the card showed: nothing was asked for. */
  | { kind: 'changed' }
  /** The card that would answer is over the Teams limit: nothing was asked for. */
  | { kind: 'too_large' };

/** What the card showed when Downgrade was clicked: when it was swept, and the fingerprint of its candidates. */
export interface ShownCandidates {
  sweptAt: Date;
  fingerprint: string;
}

/**
 * Raises the approval request(s) for the candidates the card showed and the admin did not keep, on a fresh sweep:
 * never changes anyone itself. More than 20 people make several requests, since an approver decides on a card they
 * can read. Nothing is asked for when the shown people changed or when the answer card would not fit.
 */
export async function requestDowngrade(
  deps: SweepDeps,
  caller: Caller,
  organization: Organization,
  options: { inactiveDays: number; page: number; kept: ReadonlySet<string>; shown: ShownCandidates; requestedIn?: string },
): Promise<DowngradeOutcome> {
  const { inRequests, review } = await freshReview(deps, caller, organization, options);
  if (!review.result.ok) return { kind: 'invalid_days', message: review.result.message };
  const shownNow = inactiveSince(review.result.candidates, options.shown.sweptAt, review.result.inactiveDays).map((candidate) => candidate.principalName);
  if (candidatesFingerprint(shownNow) !== options.shown.fingerprint) return { kind: 'changed' };
  const shown = new Set(shownNow.map((name) => name.toLowerCase()));
  const chosen = review.chosen.filter((name) => shown.has(name.toLowerCase()));
  if (chosen.length === 0) {
    return { kind: 'requested', raised: [], messages: ['Everyone is kept or already in a downgrade request, so I asked for nothing.'] };
  }
  // The answer shows everyone asked for as "already in downgrade request N" and a summary of the requests: check
  // that such a card fits before anything is filed.
  const pending = new Map([...inRequests, ...chosen.map((name): [string, number] => [name.toLowerCase(), 999_999_999])]);
  const worstCase = sweepCardData({
    organization,
    review,
    page: options.page,
    kept: options.kept,
    inRequests: pending,
    now: deps.now(),
    note: requestsSummary(Array.from({ length: Math.ceil(chosen.length / maxPeoplePerRequest) }, () => 999_999_999)),
  });
  if (!deps.cards.attachmentIfFits('cost-sweep', worstCase)) return { kind: 'too_large' };

  const raised: SeatRequest[] = [];
  const messages: string[] = [];
  for (let start = 0; start < chosen.length; start += maxPeoplePerRequest) {
    const submitted = await deps.seatRequests.submit(
      caller,
      {
        organization,
        principalNames: chosen.slice(start, start + maxPeoplePerRequest),
        level: 'stakeholder',
        kind: 'downgrade',
        justification: `Cost sweep: no sign-in for more than ${review.result.inactiveDays} days, or never.`,
      },
      { requestedIn: options.requestedIn },
    );
    if (submitted.kind === 'submitted') {
      raised.push(submitted.request);
      const { deliveredTo, unreachable } = await deps.notifier.announce(caller, submitted.request);
      messages.push(announcementText(submitted.request.number, organization.name, deliveredTo, unreachable));
    } else if (submitted.kind === 'invalid') {
      messages.push(submitted.problems.join(' '));
    } else if (submitted.kind === 'nothing_to_do') {
      messages.push(`Nothing to ask for: ${submitted.unchanged.map((person) => `${escapeUserText(person.principalName)}: ${person.why}`).join(' ')}`);
    }
  }
  return { kind: 'requested', raised, messages };
}

/** The short account of the requests raised, for when each one's announcement would not fit on the card. */
export function requestsSummary(numbers: readonly number[]): string {
  const listed = numbers.join(', ');
  return numbers.length === 1
    ? `Request ${listed} is waiting for approval; nothing is assigned until an approver agrees. Type **my requests** to follow it.`
    : `Requests ${listed} are waiting for approval; nothing is assigned until an approver agrees. Type **my requests** to follow them.`;
}
