import type { SeatRequest } from '../../approvals/seatRequest.js';
import type { Caller, Organization } from '../../azure/ports.js';
import { escapeUserText } from '../../cards/escape.js';
import type { CardRenderer } from '../../cards/renderer.js';
import type { CostSweepCardData } from '../../cards/views.js';
import type { BillingSetupService } from '../../services/billingSetup.js';
import type { CostSweepService } from '../../services/costSweep.js';
import { maxPeoplePerRequest, type SeatRequestService } from '../../services/seatRequests.js';
import type { SeatRequestNotifier } from '../seatRequests/notifier.js';
import { announcementText } from '../seatRequests/index.js';
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
  | { kind: 'card'; data: CostSweepCardData }
  | { kind: 'invalid_days'; message: string };

/** The organizations the caller administers (the sweep lists every user, an administrator's read). */
export function administered(deps: SweepDeps, caller: Caller): Promise<Organization[]> {
  return deps.billing.organizations(caller);
}

/** Sweeps the organization on its real bill and builds the card for one page, with the people kept so far. */
export async function sweepCard(
  deps: SweepDeps,
  caller: Caller,
  organization: Organization,
  options: { inactiveDays: number; page: number; kept: ReadonlySet<string>; note?: string },
): Promise<SweepOutcome> {
  const inRequests = await deps.seatRequests.openDowngrades(caller, organization);
  const review = await deps.costSweep.review(caller, {
    organization,
    inactiveDays: options.inactiveDays,
    keep: [...options.kept, ...inRequests.keys()],
  });
  if (!review.result.ok) return { kind: 'invalid_days', message: review.result.message };
  return {
    kind: 'card',
    data: sweepCardData({ organization, review, page: options.page, kept: options.kept, inRequests, now: deps.now(), note: options.note }),
  };
}

/**
 * Raises the approval request(s) for the candidates not kept, on a fresh sweep: never changes anyone itself. More
 * than 20 people make several requests, since an approver decides on a card they can read.
 */
export async function requestDowngrade(
  deps: SweepDeps,
  caller: Caller,
  organization: Organization,
  options: { inactiveDays: number; kept: ReadonlySet<string>; requestedIn?: string },
): Promise<{ raised: SeatRequest[]; messages: string[] }> {
  const inRequests = await deps.seatRequests.openDowngrades(caller, organization);
  const review = await deps.costSweep.review(caller, {
    organization,
    inactiveDays: options.inactiveDays,
    keep: [...options.kept, ...inRequests.keys()],
  });
  if (!review.result.ok) return { raised: [], messages: [review.result.message] };
  if (review.chosen.length === 0) {
    return { raised: [], messages: ['Everyone is kept or already in a downgrade request, so I asked for nothing.'] };
  }
  const raised: SeatRequest[] = [];
  const messages: string[] = [];
  for (let start = 0; start < review.chosen.length; start += maxPeoplePerRequest) {
    const submitted = await deps.seatRequests.submit(
      caller,
      {
        organization,
        principalNames: review.chosen.slice(start, start + maxPeoplePerRequest),
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
  return { raised, messages };
}
