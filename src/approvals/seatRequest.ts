import { levelIncludes, type AccessLevelId } from '../rules/accessLevels.js';

/**
 * A request to change people's access level in one organization, and the only ways it may change. Pure: the
 * store decides who wins a race (compare-and-set), this module decides what is allowed. Raising a level (a seat
 * bought) and lowering paid users to Stakeholder (a cost sweep) follow the same approval: both change the bill.
 *
 *   pending ──approve──▶ approved ──assignment──▶ assigned
 *      │                    ▲            └──────▶ assignment_failed ──retry──▶ approved
 *      ├──reject──▶ rejected
 *      ├──cancel──▶ cancelled   (requester only)
 *      └──expire──▶ expired
 */
export type SeatRequestStatus = 'pending' | 'approved' | 'assigned' | 'assignment_failed' | 'rejected' | 'cancelled' | 'expired';

/**
 * `assign` raises people to `level` (a purchase); `downgrade` lowers them to Stakeholder, remembering the level each
 * had in `RequestedSeat.currentLevel` so they can be restored. Requests stored before downgrades existed have no kind.
 */
export type SeatRequestKind = 'assign' | 'downgrade';

export const kindOf = (request: Pick<SeatRequest, 'kind'>): SeatRequestKind => request.kind ?? 'assign';

export interface Person {
  aadObjectId: string;
  displayName?: string;
}

/** One person of the request as priced when the request was made (or last repriced). */
export interface RequestedSeat {
  principalName: string;
  displayName?: string;
  /**
   * Their level before the request; null when they are not in the organization yet (they are added on approval).
   * For a downgrade, the level they are restored to.
   */
  currentLevel: AccessLevelId | null;
  monthlyDelta: number;
  /** Why it costs what it costs ("uses a free Basic slot", "covered by Visual Studio Enterprise"). */
  why: string;
  /**
   * Downgrades only: their last sign-in when the request was priced (`never` when they had not signed in). A later
   * sign-in at approval means they use their level again, so they are not lowered. Absent on older requests.
   */
  lastAccessedDate?: string;
}

export interface CostPreview {
  monthlyDelta: number;
  /** What it adds to this month's bill, metered daily to the month's end. */
  proratedDelta: number;
  summary: string;
  priceAsOf: string;
}

export interface AssignmentResult {
  principalName: string;
  outcome: 'assigned' | 'already_had' | 'failed';
  error?: string;
  at: string;
}

export interface Decision {
  by: Person;
  at: string;
  reason?: string;
}

/** Where a copy of the approval card was posted, so every copy can be updated after a decision. */
export interface PostedCard {
  conversationId: string;
  activityId: string;
}

export interface SeatRequest {
  id: string;
  /** Short number people type ("cancel request 12"). */
  number: number;
  /** What approvers decide on; cards carry it and a stale one is refused. Bumped by every status change and reprice. */
  version: number;
  status: SeatRequestStatus;
  /** Absent on requests stored before downgrades existed: those raise a level. */
  kind?: SeatRequestKind;
  /** The Microsoft Entra tenant the request was made in; people of another tenant cannot see or act on it. */
  tenantId: string;
  /** The conversation the request was made in: where the requester hears back when they have no personal chat. */
  requestedIn?: string;
  organization: { id: string; name: string };
  requester: Person;
  level: AccessLevelId;
  people: RequestedSeat[];
  justification: string;
  cost: CostPreview;
  createdAt: string;
  updatedAt: string;
  /** The approval, rejection, cancellation or expiry. */
  decision?: Decision;
  assignments: AssignmentResult[];
  remindAt: string;
  remindedAt?: string;
  expiresAt: string;
  cards: PostedCard[];
}

export type SeatRequestEvent =
  /** `cost`: the figure as priced at the moment of approval (the month's share changes by the day). */
  | { type: 'approve'; actor: Person; at: string; cost?: CostPreview }
  | { type: 'reject'; actor: Person; at: string; reason: string }
  | { type: 'cancel'; actor: Person; at: string }
  | { type: 'expire'; at: string }
  | { type: 'remind'; at: string }
  | { type: 'reprice'; at: string; people: RequestedSeat[]; cost: CostPreview }
  | { type: 'assignmentFinished'; at: string; results: AssignmentResult[] }
  | { type: 'retry'; actor: Person; at: string }
  | { type: 'cardsPosted'; cards: PostedCard[] };

export type TransitionRefusal = 'already_decided' | 'not_requester' | 'not_pending' | 'not_approved' | 'not_failed' | 'reason_required';

/** Still waiting for a decision or an assignment outcome; everything else is final. */
export const openStatuses: readonly SeatRequestStatus[] = ['pending', 'approved', 'assignment_failed'];

export type TransitionResult =
  | { ok: true; request: SeatRequest }
  | { ok: false; code: TransitionRefusal; message: string };

const sameId = (a: string, b: string): boolean => a.trim().toLowerCase() === b.trim().toLowerCase();

/** The next state of `request` after `event`, or why the event is not allowed now. Never mutates its input. */
export function applyEvent(request: SeatRequest, event: SeatRequestEvent): TransitionResult {
  switch (event.type) {
    case 'approve':
      if (request.status !== 'pending') return alreadyDecided(request);
      return changed(request, { status: 'approved', decision: { by: event.actor, at: event.at }, cost: event.cost ?? request.cost }, event.at);
    case 'reject':
      if (request.status !== 'pending') return alreadyDecided(request);
      if (event.reason.trim().length === 0) {
        return refuse('reason_required', 'Please say why the request is rejected; the requester sees the reason.');
      }
      return changed(request, { status: 'rejected', decision: { by: event.actor, at: event.at, reason: event.reason.trim() } }, event.at);
    case 'cancel':
      if (!sameId(event.actor.aadObjectId, request.requester.aadObjectId)) {
        return refuse('not_requester', 'Only the person who asked can cancel a request.');
      }
      if (request.status !== 'pending') return alreadyDecided(request);
      return changed(request, { status: 'cancelled', decision: { by: event.actor, at: event.at } }, event.at);
    case 'expire':
      if (request.status !== 'pending') return alreadyDecided(request);
      return changed(request, { status: 'expired', decision: { by: { aadObjectId: 'system', displayName: 'the bot (no decision in time)' }, at: event.at } }, event.at);
    case 'remind':
      if (request.status !== 'pending') return refuse('not_pending', 'Only a pending request needs a reminder.');
      if (request.remindedAt) return refuse('not_pending', 'Approvers were already reminded of this request.');
      return { ok: true, request: { ...request, remindedAt: event.at, updatedAt: event.at } };
    case 'reprice':
      if (request.status !== 'pending') return alreadyDecided(request);
      return changed(request, { people: event.people, cost: event.cost }, event.at);
    case 'assignmentFinished': {
      if (request.status !== 'approved') return refuse('not_approved', 'Only an approved request is assigned.');
      const failed = event.results.some((result) => result.outcome === 'failed');
      return changed(
        request,
        { status: failed ? 'assignment_failed' : 'assigned', assignments: mergeResults(request.assignments, event.results) },
        event.at,
      );
    }
    case 'retry':
      if (request.status !== 'assignment_failed') return refuse('not_failed', 'Only a request whose assignment failed can be retried.');
      return changed(request, { status: 'approved' }, event.at);
    case 'cardsPosted':
      return { ok: true, request: { ...request, cards: [...request.cards, ...event.cards] } };
  }
}

/** People still to assign: everyone not yet assigned (or found already holding the level) by an earlier attempt. */
export function peopleToAssign(request: SeatRequest): RequestedSeat[] {
  const done = new Set(
    request.assignments.filter((result) => result.outcome !== 'failed').map((result) => result.principalName.toLowerCase()),
  );
  return request.people.filter((person) => !done.has(person.principalName.toLowerCase()));
}

/** What assigning one person needs, given the level they hold now (`none`: not in the organization). */
export type AssignmentStep = 'add' | 'change' | 'already_had' | 'not_in_organization';

/**
 * Raising: someone holding the level or more already has it; someone absent is added. Lowering to Stakeholder:
 * someone already at Stakeholder is done; someone who left the organization cannot be lowered (nothing is paid).
 */
export function assignmentStep(kind: SeatRequestKind, held: AccessLevelId | 'none', target: AccessLevelId): AssignmentStep {
  if (kind === 'downgrade') {
    if (held === 'none') return 'not_in_organization';
    return held === target ? 'already_had' : 'change';
  }
  if (held === 'none') return 'add';
  return levelIncludes(held, target) ? 'already_had' : 'change';
}

/** A request that gives people back the level a downgrade took from them. */
export interface RestoreDraft {
  level: AccessLevelId;
  principalNames: string[];
}

/**
 * Who a downgrade actually lowered, grouped by the level each had, so each group can be asked for again through an
 * approval (restoring costs money again). People the downgrade did not change (already Stakeholder, failed) are not
 * restored. `only` narrows it to some people.
 */
export function restoreDrafts(request: SeatRequest, only?: readonly string[]): RestoreDraft[] {
  if (kindOf(request) !== 'downgrade') return [];
  const wanted = only ? new Set(only.map((name) => name.trim().toLowerCase())) : undefined;
  const lowered = new Set(
    request.assignments.filter((result) => result.outcome === 'assigned').map((result) => result.principalName.toLowerCase()),
  );
  const byLevel = new Map<AccessLevelId, string[]>();
  for (const seat of request.people) {
    const key = seat.principalName.toLowerCase();
    if (!lowered.has(key) || (wanted && !wanted.has(key)) || seat.currentLevel === null || seat.currentLevel === request.level) continue;
    byLevel.set(seat.currentLevel, [...(byLevel.get(seat.currentLevel) ?? []), seat.principalName]);
  }
  return [...byLevel].map(([level, principalNames]) => ({ level, principalNames }));
}

function mergeResults(earlier: AssignmentResult[], latest: AssignmentResult[]): AssignmentResult[] {
  const replaced = new Set(latest.map((result) => result.principalName.toLowerCase()));
  return [...earlier.filter((result) => !replaced.has(result.principalName.toLowerCase())), ...latest];
}

function changed(request: SeatRequest, patch: Partial<SeatRequest>, at: string): TransitionResult {
  return { ok: true, request: { ...request, ...patch, version: request.version + 1, updatedAt: at } };
}

function alreadyDecided(request: SeatRequest): TransitionResult {
  const by = request.decision?.by.displayName ?? 'someone';
  const when = request.decision?.at ?? request.updatedAt;
  return refuse('already_decided', `Request ${request.number} is already ${describeStatus(request.status)} (by ${by} at ${when}).`);
}

function refuse(code: TransitionRefusal, message: string): TransitionResult {
  return { ok: false, code, message };
}

export function describeStatus(status: SeatRequestStatus): string {
  switch (status) {
    case 'pending':
      return 'waiting for approval';
    case 'approved':
      return 'approved, being assigned';
    case 'assigned':
      return 'approved and assigned';
    case 'assignment_failed':
      return 'approved, but the assignment failed';
    case 'rejected':
      return 'rejected';
    case 'cancelled':
      return 'cancelled';
    case 'expired':
      return 'expired';
  }
}
