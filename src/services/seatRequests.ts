import { randomUUID } from 'node:crypto';
import type { SeatRequestRepository, StoredSeatRequest } from '../approvals/repository.js';
import {
  applyEvent,
  assignmentStep,
  kindOf,
  openStatuses,
  peopleToAssign,
  restoreDrafts,
  type AssignmentResult,
  type CostPreview,
  type PostedCard,
  type RequestedSeat,
  type SeatRequest,
  type SeatRequestEvent,
  type SeatRequestKind,
  type SeatRequestStatus,
} from '../approvals/seatRequest.js';
import { AzureError, type AzureBackend, type Caller, type Organization, type OrganizationRef, type UserEntitlement } from '../azure/ports.js';
import type { Logger } from '../logger.js';
import { accessLevel, describeEntitlement, levelIncludes, type AccessLevelId } from '../rules/accessLevels.js';
import { billableUserFromEntitlement, estimateChange, type BillableUser, type ChangeEstimate, type SeatChange } from '../rules/cost.js';
import { downgradeBlocker, estimateDowngrade } from '../rules/costSweep.js';
import { mayApproveSeatRequest } from '../rules/permissions.js';
import { actedAs, type AuditLog, type SeatRequestAuditAction } from './audit.js';
import { CostSweepService } from './costSweep.js';
import { KeyedQueue } from '../keyedQueue.js';

/** Teams shows a card up to 28 KB and an approver decides on a list they can read: 20 people per request. */
export const maxPeoplePerRequest = 20;
export const maxJustificationLength = 500;

/** Same shape as the address rule Azure DevOps applies to a user principal name. */
const principalNamePattern = /^[A-Za-z0-9._%+'-]{1,64}@[A-Za-z0-9-]{1,63}(\.[A-Za-z0-9-]{1,63})*\.[A-Za-z]{2,24}$/;

export interface SeatRequestDraft {
  organization: OrganizationRef;
  principalNames: string[];
  level: AccessLevelId;
  justification: string;
  /** `downgrade`: lower paid users to Stakeholder (a cost sweep); default `assign`. */
  kind?: SeatRequestKind;
}

/** A person the request would not change, and why (already has it, Visual Studio or GitHub Enterprise pays). */
export interface UnchangedPerson {
  principalName: string;
  why: string;
}

export interface SeatPreview {
  organization: OrganizationRef;
  kind: SeatRequestKind;
  level: AccessLevelId;
  people: RequestedSeat[];
  unchanged: UnchangedPerson[];
  cost: CostPreview;
}

export type PreviewResult =
  | { kind: 'preview'; preview: SeatPreview }
  | { kind: 'nothing_to_do'; unchanged: UnchangedPerson[] }
  | { kind: 'invalid'; problems: string[] };

export type DecisionOutcome =
  | { kind: 'not_found' }
  | { kind: 'not_allowed'; message: string; request: SeatRequest }
  /** The card showed an older version: the approver sees the current one and decides again. */
  | { kind: 'stale'; request: SeatRequest }
  | { kind: 'already_decided'; message: string; request: SeatRequest }
  /** The cost changed since the card was sent (a free slot was used meanwhile): confirm the new figure. */
  | { kind: 'repriced'; request: SeatRequest; previousMonthlyDelta: number }
  | { kind: 'invalid'; message: string; request: SeatRequest }
  /** Azure could not be asked (throttled, down); nothing was decided. */
  | { kind: 'failed'; message: string; request: SeatRequest }
  | { kind: 'done'; request: SeatRequest };

export type SubmitResult = PreviewResult | { kind: 'repriced'; preview: SeatPreview } | { kind: 'submitted'; request: SeatRequest };

export type RestoreResult =
  | { kind: 'not_found' }
  | { kind: 'nothing_to_restore'; message: string }
  | { kind: 'drafts'; request: SeatRequest; drafts: SeatRequestDraft[] };

/** An approval whose assignment never recorded an outcome (the process stopped, or recording failed) is given up after this. */
export const stuckAssignmentMs = 10 * 60_000;
const maxWriteAttempts = 5;

export interface DueWork {
  reminded: SeatRequest[];
  expired: SeatRequest[];
  /** Approved requests whose assignment never finished; now `assignment_failed`, so approvers can retry. */
  interrupted: SeatRequest[];
}

export interface SeatRequestSettings {
  /** Entra object ids who may approve in every organization, besides its Project Collection Administrators. */
  approverIds: readonly string[];
  remindAfterMs: number;
  expireAfterMs: number;
}

/**
 * Seat requests from draft to assignment. The store decides races (compare-and-set on every change), the request
 * state machine decides what is allowed, the rules module prices, and the actor is always the caller the Teams layer
 * took from the activity. Exactly one approval wins and only its winner calls Azure DevOps.
 */
export class SeatRequestService {
  /**
   * Per organization, the filing in progress in this process: the next one checks open requests after it is stored.
   * The file store belongs to one process (storage.lock); instances sharing the table store are not serialised here.
   */
  private readonly filing = new KeyedQueue();
  private readonly sweeps: CostSweepService;

  constructor(
    private readonly deps: {
      backend: AzureBackend;
      repository: SeatRequestRepository;
      audit: AuditLog;
      logger: Logger;
      now: () => Date;
      settings: SeatRequestSettings;
      newId?: () => string;
    },
  ) {
    this.sweeps = new CostSweepService({ backend: deps.backend, now: deps.now });
  }

  /** Organizations a person may ask for seats in: those of their own Microsoft Entra tenant. */
  async organizations(caller: Caller): Promise<Organization[]> {
    const all = await this.deps.backend.devops.listOrganizations(caller, 'request');
    return all.filter((organization) => sameName(organization.tenantId, caller.tenantId));
  }

  /** What people hold in an organization now, read with the requester's rights (as `preview` reads it). */
  entitlements(caller: Caller, organization: OrganizationRef): Promise<UserEntitlement[]> {
    return this.deps.backend.devops.listUserEntitlements(caller, organization, 'request');
  }

  /** Checks the draft and prices it from live entitlements. */
  preview(caller: Caller, draft: SeatRequestDraft): Promise<PreviewResult> {
    return this.price(caller, draft);
  }

  /**
   * The preview, and at approval (`approving`) the same check on current facts: people named in another open request
   * of the organization that pulls the other way (or a second downgrade) are left out, and for a downgrade so is
   * anyone who signed in again since the request was priced.
   */
  private async price(caller: Caller, draft: SeatRequestDraft, approving?: SeatRequest): Promise<PreviewResult> {
    const problems = draftProblems(draft);
    if (problems.length > 0) return { kind: 'invalid', problems };
    const principalNames = uniqueNames(draft.principalNames);
    const mine = await this.organizations(caller);
    if (!mine.some((organization) => sameName(organization.id, draft.organization.id))) {
      return { kind: 'invalid', problems: [`${draft.organization.name} is not one of the organizations you can ask for seats in.`] };
    }
    const entitlements = await this.deps.backend.devops.listUserEntitlements(caller, draft.organization, 'request');
    const users = entitlements
      .map((entitlement) => billableUserFromEntitlement(draft.organization.name, entitlement))
      .filter((user): user is BillableUser => user !== null);

    const unchanged: UnchangedPerson[] = [];
    const changes: SeatChange[] = [];
    const kind = draft.kind ?? 'assign';
    const conflicting = await this.conflictingRequests(caller, draft.organization, kind, approving?.id);
    for (const principalName of principalNames) {
      const entitlement = findByPrincipalName(entitlements, principalName);
      const reason =
        conflicting.get(principalName.toLowerCase()) ??
        (kind === 'downgrade'
          ? whyNotLowered(entitlement) ?? signedInAgain(approving, principalName, entitlement)
          : entitlement
            ? alreadyCovered(entitlement, draft.level)
            : undefined);
      if (reason) unchanged.push({ principalName, why: reason });
      else changes.push({ action: 'assign', organization: draft.organization.name, principalName, level: draft.level });
    }
    if (changes.length === 0) return { kind: 'nothing_to_do', unchanged };

    // A downgrade is priced on the bill the sweep card priced it on: with multi-organization billing the free Basic
    // users are shared and a person is paid once across the subscription's organizations.
    let estimate: ChangeEstimate;
    if (kind === 'downgrade') {
      const { billing } = await this.sweeps.billingOf(caller, draft.organization);
      const names = changes.map((change) => change.principalName);
      estimate = estimateDowngrade({ organization: draft.organization.name, entitlements, now: this.deps.now(), billing }, names);
    } else {
      const priced = estimateChange({ multiOrganizationBilling: false, users }, changes, this.deps.now());
      if (!priced.ok) return { kind: 'invalid', problems: [priced.message] };
      estimate = priced;
    }
    // A downgraded user who held a free Basic seat saves nothing themselves: the seat passes to someone who was paid
    // for. Show that saving on the person whose downgrade causes it, so the rows add up to the total.
    const passedOn = kind === 'downgrade' ? estimate.lines.filter((line) => !line.proposed && line.monthlyDelta < 0) : [];
    const people: RequestedSeat[] = changes.map((change) => {
      const entitlement = findByPrincipalName(entitlements, change.principalName);
      const line = estimate.lines.find((candidate) => sameName(candidate.principalName, change.principalName));
      const level = entitlement ? describeEntitlement(entitlement.accessLevel).level : 'none';
      const seat = {
        principalName: change.principalName,
        displayName: entitlement?.displayName,
        currentLevel: level === 'none' ? null : level,
        monthlyDelta: line?.monthlyDelta ?? 0,
        why: line?.why ?? '',
        ...(kind === 'downgrade' && entitlement ? { lastAccessedDate: lastAccessOf(entitlement) } : {}),
      };
      const heldFreeSeat = line && line.monthlyDelta === 0 && line.monthlyBefore === 0 && line.levelBefore === 'basic';
      const moved = heldFreeSeat ? passedOn.shift() : undefined;
      return moved
        ? { ...seat, monthlyDelta: moved.monthlyDelta, why: 'held one of the free Basic seats, which passes to a user paid for until now' }
        : seat;
    });
    return {
      kind: 'preview',
      preview: {
        organization: draft.organization,
        kind,
        level: draft.level,
        people,
        unchanged,
        cost: {
          monthlyDelta: estimate.monthlyDelta,
          proratedDelta: estimate.proratedDelta,
          summary: estimate.summary,
          priceAsOf: estimate.priceAsOf,
        },
      },
    };
  }

  /**
   * Prices the draft again (facts may have moved since the preview) and files it as pending; when the monthly
   * figure is no longer the one the requester saw, nothing is filed and the new preview comes back.
   */
  async submit(
    caller: Caller,
    draft: SeatRequestDraft,
    seen: { monthlyDelta?: number; requestedIn?: string } = {},
  ): Promise<SubmitResult> {
    // Checking who is already in an open request and filing must not interleave, or two clicks on one sweep card
    // file the same people twice.
    return this.filing.run(draft.organization.id.toLowerCase(), () => this.file(caller, draft, seen));
  }

  private async file(caller: Caller, draft: SeatRequestDraft, seen: { monthlyDelta?: number; requestedIn?: string }): Promise<SubmitResult> {
    const priced = await this.preview(caller, draft);
    if (priced.kind !== 'preview') return priced;
    const { preview } = priced;
    if (seen.monthlyDelta !== undefined && seen.monthlyDelta !== preview.cost.monthlyDelta) return { kind: 'repriced', preview };
    const now = this.deps.now();
    const request: SeatRequest = {
      id: (this.deps.newId ?? randomUUID)(),
      number: await this.deps.repository.nextNumber(),
      version: 1,
      status: 'pending',
      ...(preview.kind === 'downgrade' ? { kind: preview.kind } : {}),
      tenantId: caller.tenantId,
      requestedIn: seen.requestedIn,
      organization: { id: preview.organization.id, name: preview.organization.name },
      requester: { aadObjectId: caller.aadObjectId, displayName: caller.displayName },
      level: preview.level,
      people: preview.people,
      justification: draft.justification.trim(),
      cost: preview.cost,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
      assignments: [],
      remindAt: new Date(now.getTime() + this.deps.settings.remindAfterMs).toISOString(),
      expiresAt: new Date(now.getTime() + this.deps.settings.expireAfterMs).toISOString(),
      cards: [],
    };
    await this.deps.repository.create(request);
    await this.audit('seat.requested', caller, null, request);
    return { kind: 'submitted', request };
  }

  /** The request, when `caller` is of its tenant; a request of another tenant does not exist for them. */
  async get(caller: Caller, id: string): Promise<SeatRequest | undefined> {
    return (await this.visible(caller, id))?.request;
  }

  async getByNumber(caller: Caller, number: number): Promise<SeatRequest | undefined> {
    const stored = await this.deps.repository.getByNumber(number);
    return stored && sameName(stored.request.tenantId, caller.tenantId) ? stored.request : undefined;
  }

  private async visible(caller: Caller, id: string): Promise<StoredSeatRequest | undefined> {
    const stored = await this.deps.repository.get(id);
    return stored && sameName(stored.request.tenantId, caller.tenantId) ? stored : undefined;
  }

  /**
   * Approve = compare-and-set pending → approved at the version the approver saw, on current facts; then assign
   * (skipping people who already have the level) and record the outcome.
   */
  async approve(actor: Caller, requestId: string, version: number): Promise<DecisionOutcome> {
    const checked = await this.checkApprover(actor, requestId, version);
    if (checked.kind !== 'ok') return checked;
    let { stored } = checked;

    let fresh: PreviewResult;
    try {
      fresh = await this.price(actor, draftOf(stored.request), stored.request);
    } catch (error) {
      if (!(error instanceof AzureError)) throw error;
      return { kind: 'failed', message: `${error.message} Nothing was approved; try again in a moment.`, request: stored.request };
    }
    if (fresh.kind === 'nothing_to_do' && kindOf(stored.request) === 'downgrade') {
      const why = fresh.unchanged.map((seat) => `${seat.principalName}: ${seat.why}`).join(' ');
      return {
        kind: 'invalid',
        message: `Nobody in request ${stored.request.number} should be lowered now: ${why} Nothing was changed; reject the request to close it.`,
        request: stored.request,
      };
    }
    // A downgrade re-checks each person (a Visual Studio subscription, a group rule or a sign-in since): someone left
    // out changes what is decided on even when the saving happens to stay the same.
    const peopleChanged = fresh.kind === 'preview' && kindOf(stored.request) === 'downgrade' && !samePeople(fresh.preview.people, stored.request.people);
    if (fresh.kind === 'preview' && (fresh.preview.cost.monthlyDelta !== stored.request.cost.monthlyDelta || peopleChanged)) {
      const repriced = await this.change(stored, { type: 'reprice', at: this.at(), people: fresh.preview.people, cost: fresh.preview.cost });
      if (repriced.kind !== 'changed') return this.lost(requestId, repriced);
      await this.audit('seat.repriced', actor, stored.request.status, repriced.request);
      return { kind: 'repriced', request: repriced.request, previousMonthlyDelta: stored.request.cost.monthlyDelta };
    }

    const event: SeatRequestEvent = {
      type: 'approve',
      actor: person(actor),
      at: this.at(),
      cost: fresh.kind === 'preview' ? fresh.preview.cost : undefined,
    };
    // A card being recorded or a reminder claimed meanwhile changes the record but not what was decided on:
    // read again and retry while the request is still pending at the version the approver saw.
    for (let attempt = 1; ; attempt += 1) {
      const approved = await this.change(stored, event);
      if (approved.kind === 'changed') {
        await this.audit('seat.approved', actor, 'pending', approved.request);
        return { kind: 'done', request: await this.assign(actor, approved.request) };
      }
      const current = await this.deps.repository.get(requestId);
      if (approved.kind === 'refused' || !current || current.request.status !== 'pending' || current.request.version !== version || attempt >= maxWriteAttempts) {
        return this.lost(requestId, approved);
      }
      stored = current;
    }
  }

  async reject(actor: Caller, requestId: string, version: number, reason: string): Promise<DecisionOutcome> {
    const checked = await this.checkApprover(actor, requestId, version);
    if (checked.kind !== 'ok') return checked;
    const trimmed = reason.trim();
    if (trimmed.length > maxJustificationLength) {
      return { kind: 'invalid', message: `Keep the reason under ${maxJustificationLength} characters; nothing was rejected yet.`, request: checked.stored.request };
    }
    const rejected = await this.change(checked.stored, { type: 'reject', actor: person(actor), at: this.at(), reason: trimmed });
    if (rejected.kind === 'refused') return { kind: 'invalid', message: rejected.message, request: checked.stored.request };
    if (rejected.kind !== 'changed') return this.lost(requestId, rejected);
    await this.audit('seat.rejected', actor, 'pending', rejected.request, trimmed);
    return { kind: 'done', request: rejected.request };
  }

  /** Assignment failed for some people: try them again, never the ones already done. */
  async retry(actor: Caller, requestId: string, version: number): Promise<DecisionOutcome> {
    const stored = await this.visible(actor, requestId);
    if (!stored) return { kind: 'not_found' };
    const allowed = await this.mayApprove(actor, stored.request);
    if (!allowed.ok) return { kind: 'not_allowed', message: allowed.message, request: stored.request };
    if (stored.request.status !== 'assignment_failed') {
      return { kind: 'already_decided', message: alreadyMessage(stored.request), request: stored.request };
    }
    if (stored.request.version !== version) return { kind: 'stale', request: stored.request };
    const retried = await this.change(stored, { type: 'retry', actor: person(actor), at: this.at() });
    if (retried.kind !== 'changed') return this.lost(requestId, retried);
    await this.audit('seat.retried', actor, 'assignment_failed', retried.request);
    return { kind: 'done', request: await this.assign(actor, retried.request) };
  }

  async cancel(actor: Caller, requestId: string): Promise<DecisionOutcome> {
    const stored = await this.visible(actor, requestId);
    if (!stored) return { kind: 'not_found' };
    const cancelled = await this.change(stored, { type: 'cancel', actor: person(actor), at: this.at() });
    if (cancelled.kind === 'refused') {
      return cancelled.code === 'not_requester'
        ? { kind: 'not_allowed', message: cancelled.message, request: stored.request }
        : { kind: 'already_decided', message: cancelled.message, request: stored.request };
    }
    if (cancelled.kind !== 'changed') return this.lost(requestId, cancelled);
    await this.audit('seat.cancelled', actor, 'pending', cancelled.request);
    return { kind: 'done', request: cancelled.request };
  }

  /**
   * What to ask for to give people back what downgrade request `number` took from them: one draft per level they
   * had, for people the downgrade actually lowered. Restoring costs money again, so it goes through an approval.
   */
  async restore(caller: Caller, number: number, only?: readonly string[]): Promise<RestoreResult> {
    const request = await this.getByNumber(caller, number);
    if (!request) return { kind: 'not_found' };
    if (kindOf(request) !== 'downgrade') {
      return { kind: 'nothing_to_restore', message: `Request ${number} did not lower anyone's access level, so there is nothing to restore.` };
    }
    const asked = await this.openPurchases(caller, request.organization);
    const alreadyAsked = new Map<number, string[]>();
    const drafts = restoreDrafts(request, only).flatMap((restore): SeatRequestDraft[] => {
      const principalNames = restore.principalNames.filter((name) => {
        const number = asked.get(name.toLowerCase());
        if (number !== undefined) alreadyAsked.set(number, [...(alreadyAsked.get(number) ?? []), name]);
        return number === undefined;
      });
      if (principalNames.length === 0) return [];
      return [{ organization: request.organization, principalNames, level: restore.level, justification: `Restore what downgrade request ${request.number} took away.` }];
    });
    if (drafts.length === 0 && alreadyAsked.size > 0) {
      const where = [...alreadyAsked].map(([number, names]) => `${names.join(', ')} in request ${number}`).join('; ');
      return { kind: 'nothing_to_restore', message: `Restoring is already asked for, still open: ${where}.` };
    }
    if (drafts.length === 0) {
      return {
        kind: 'nothing_to_restore',
        message:
          request.status === 'pending' || request.status === 'approved'
            ? `Request ${number} has not lowered anyone yet; to stop it, reject or cancel it instead.`
            : `Request ${number} lowered none of ${only ? 'the people you named' : 'its people'}, so there is nothing to restore.`,
      };
    }
    return { kind: 'drafts', request, drafts };
  }

  /** Where the approval card was posted, so a decision can update every copy. */
  async recordCards(requestId: string, cards: PostedCard[]): Promise<void> {
    for (;;) {
      const stored = await this.deps.repository.get(requestId);
      if (!stored) return;
      const next = applyEvent(stored.request, { type: 'cardsPosted', cards });
      if (!next.ok) return;
      if (await this.deps.repository.replace(next.request, stored.eTag)) return;
    }
  }

  /**
   * People of the organization already named in an open downgrade request of the caller's tenant, with its number:
   * a second sweep must not ask for them again while the first request is undecided or being carried out.
   */
  openDowngrades(caller: Caller, organization: OrganizationRef): Promise<Map<string, number>> {
    return this.openNamed(caller, organization, (request) => kindOf(request) === 'downgrade');
  }

  /** People of the organization named in an open purchase request of the caller's tenant, with its number. */
  private openPurchases(caller: Caller, organization: OrganizationRef): Promise<Map<string, number>> {
    return this.openNamed(caller, organization, (request) => kindOf(request) === 'assign');
  }

  private async openNamed(caller: Caller, organization: OrganizationRef, selects: (request: SeatRequest) => boolean): Promise<Map<string, number>> {
    const open = await this.deps.repository.list({ organizationIds: [organization.id], statuses: openStatuses });
    const named = new Map<string, number>();
    for (const request of open) {
      if (!selects(request) || !sameName(request.tenantId, caller.tenantId)) continue;
      for (const seat of request.people) named.set(seat.principalName.toLowerCase(), request.number);
    }
    return named;
  }

  /**
   * Why each person may not be in a new `kind` request, by lower-case sign-in name: a downgrade and a purchase of one
   * person both open would race to opposite levels, and a second downgrade would ask approvers twice.
   */
  private async conflictingRequests(caller: Caller, organization: OrganizationRef, kind: SeatRequestKind, except?: string): Promise<Map<string, string>> {
    const open = await this.deps.repository.list({ organizationIds: [organization.id], statuses: openStatuses });
    const why = new Map<string, string>();
    for (const request of open) {
      if (request.id === except || !sameName(request.tenantId, caller.tenantId)) continue;
      if (kind === 'assign' && kindOf(request) !== 'downgrade') continue;
      const what = kindOf(request) === 'downgrade' ? 'lowers them to Stakeholder' : `gives them ${accessLevel(request.level).uiName}`;
      for (const seat of request.people) {
        why.set(seat.principalName.toLowerCase(), `Request ${request.number}, still open, already ${what}; decide that one first.`);
      }
    }
    return why;
  }

  mine(caller: Caller): Promise<SeatRequest[]> {
    return this.deps.repository.list({ requesterId: caller.aadObjectId });
  }

  /** Open requests of the caller's tenant in the organizations where the caller may approve (one check per organization). */
  async awaitingApproval(caller: Caller): Promise<SeatRequest[]> {
    const open = (await this.deps.repository.list({ statuses: ['pending', 'assignment_failed'] })).filter((request) =>
      sameName(request.tenantId, caller.tenantId),
    );
    const byOrganization = new Map<string, Promise<boolean>>();
    const approver = (request: SeatRequest): Promise<boolean> => {
      const key = request.organization.id.toLowerCase();
      if (!byOrganization.has(key)) byOrganization.set(key, this.approverOf(caller, request));
      return byOrganization.get(key) as Promise<boolean>;
    };
    const mayApprove = await Promise.all(
      open.map(async (request) => !sameName(request.requester.aadObjectId, caller.aadObjectId) && (await approver(request))),
    );
    return open.filter((_, index) => mayApprove[index]);
  }

  /** Who should see a request's approval card: configured approvers and the organization's administrators. */
  async approversOf(caller: Caller, request: SeatRequest): Promise<string[]> {
    let admins: string[] = [];
    try {
      admins = await this.deps.backend.devops.listProjectCollectionAdmins(caller, request.organization);
    } catch (error) {
      if (!(error instanceof AzureError)) throw error;
      this.deps.logger.warn({ err: error, organization: request.organization.name }, 'could not list the administrators');
    }
    const requester = request.requester.aadObjectId.toLowerCase();
    const ids = [...this.deps.settings.approverIds, ...admins].map((id) => id.toLowerCase()).filter((id) => id !== requester);
    return [...new Set(ids)];
  }

  /**
   * Reminders and expiry that are due. Each is claimed with a compare-and-set before anyone is told, so several
   * instances (or a restart mid-way) never send one twice.
   */
  async processDue(): Promise<DueWork> {
    const now = this.deps.now();
    const due: DueWork = { reminded: [], expired: [], interrupted: [] };
    for (const request of await this.deps.repository.list({ statuses: ['approved'] })) {
      if (Date.parse(request.updatedAt) > now.getTime() - stuckAssignmentMs) continue;
      const stored = await this.deps.repository.get(request.id);
      if (!stored || stored.request.status !== 'approved') continue;
      const message = 'The assignment was interrupted before its outcome was recorded. Use Retry: people who already have the level are skipped.';
      const results = peopleToAssign(stored.request).map((seat) => ({ principalName: seat.principalName, outcome: 'failed' as const, error: message, at: now.toISOString() }));
      const failed = await this.change(stored, { type: 'assignmentFinished', at: now.toISOString(), results });
      if (failed.kind === 'changed') {
        await this.audit('seat.assignment_failed', { aadObjectId: 'system', displayName: 'the bot' }, 'approved', failed.request, message);
        due.interrupted.push(failed.request);
      }
    }
    for (const request of await this.deps.repository.list({ statuses: ['pending'] })) {
      const stored = await this.deps.repository.get(request.id);
      if (!stored || stored.request.status !== 'pending') continue;
      const system = { aadObjectId: 'system', displayName: 'the bot' };
      if (Date.parse(stored.request.expiresAt) <= now.getTime()) {
        const expired = await this.change(stored, { type: 'expire', at: now.toISOString() });
        if (expired.kind === 'changed') {
          await this.audit('seat.expired', system, 'pending', expired.request);
          due.expired.push(expired.request);
        }
      } else if (!stored.request.remindedAt && Date.parse(stored.request.remindAt) <= now.getTime()) {
        const reminded = await this.change(stored, { type: 'remind', at: now.toISOString() });
        if (reminded.kind === 'changed') {
          await this.audit('seat.reminded', system, 'pending', reminded.request);
          due.reminded.push(reminded.request);
        }
      }
    }
    return due;
  }

  private async checkApprover(
    actor: Caller,
    requestId: string,
    version: number,
  ): Promise<{ kind: 'ok'; stored: StoredSeatRequest } | DecisionOutcome> {
    const stored = await this.visible(actor, requestId);
    if (!stored) return { kind: 'not_found' };
    const { request } = stored;
    if (request.status !== 'pending') return { kind: 'already_decided', message: alreadyMessage(request), request };
    const allowed = await this.mayApprove(actor, request);
    if (!allowed.ok) return { kind: 'not_allowed', message: allowed.message, request };
    if (request.version !== version) return { kind: 'stale', request };
    return { kind: 'ok', stored };
  }

  /** Whether `actor` gets the approver's view of the request's card. */
  async canDecide(actor: Caller, request: SeatRequest): Promise<boolean> {
    return (await this.mayApprove(actor, request)).ok;
  }

  /** A configured approver, or a Project Collection Administrator of the request's organization. */
  private async approverOf(actor: Caller, request: SeatRequest): Promise<boolean> {
    if (this.deps.settings.approverIds.some((id) => sameName(id, actor.aadObjectId))) return true;
    try {
      return await this.deps.backend.devops.isProjectCollectionAdmin(actor, request.organization);
    } catch (error) {
      if (!(error instanceof AzureError) || !['forbidden', 'not_found', 'unauthorized'].includes(error.code)) throw error;
      return false;
    }
  }

  private async mayApprove(actor: Caller, request: SeatRequest): Promise<{ ok: true } | { ok: false; message: string }> {
    if (!sameName(request.tenantId, actor.tenantId)) return { ok: false, message: 'This request belongs to another organization\'s tenant.' };
    const configured = this.deps.settings.approverIds;
    const admin = await this.approverOf(actor, request);
    const decision = mayApproveSeatRequest({
      actorId: actor.aadObjectId,
      requesterId: request.requester.aadObjectId,
      approverIds: configured,
      actorIsProjectCollectionAdmin: admin,
    });
    return decision.allowed ? { ok: true } : { ok: false, message: decision.denials.map((denial) => denial.message).join(' ') };
  }

  /** Assigns the level to everyone still to do, one by one; a failure for one person does not stop the others. */
  private async assign(actor: Caller, approved: SeatRequest): Promise<SeatRequest> {
    const { devops } = this.deps.backend;
    const target = accessLevel(approved.level);
    const results: AssignmentResult[] = [];
    let entitlements: UserEntitlement[] | undefined;
    try {
      // Read as for a request: a configured approver who is not an administrator may assign (the write itself is
      // checked by the port), and must be able to see who already holds the level.
      entitlements = await devops.listUserEntitlements(actor, approved.organization, 'request');
    } catch (error) {
      const message = adminMessage(error);
      for (const seat of peopleToAssign(approved)) results.push({ principalName: seat.principalName, outcome: 'failed', error: message, at: this.at() });
    }
    if (entitlements) {
      for (const seat of peopleToAssign(approved)) {
        const current = findByPrincipalName(entitlements, seat.principalName);
        try {
          const step = assignmentStep(kindOf(approved), current ? describeEntitlement(current.accessLevel).level : 'none', approved.level);
          if (step === 'already_had') {
            results.push({ principalName: seat.principalName, outcome: 'already_had', at: this.at() });
            continue;
          }
          if (step === 'not_in_organization') {
            results.push({ principalName: seat.principalName, outcome: 'failed', error: 'No longer in the organization: nothing to lower.', at: this.at() });
            continue;
          }
          const blocked = kindOf(approved) === 'downgrade' && current ? downgradeBlocker(current) : undefined;
          if (blocked) {
            results.push({ principalName: seat.principalName, outcome: 'failed', error: `Not lowered: ${blocked}`, at: this.at() });
            continue;
          }
          if (step === 'change' && current) {
            await devops.changeAccessLevel(actor, approved.organization, current.id, { accountLicenseType: target.accountLicenseType });
          } else {
            await devops.addUserEntitlement(actor, approved.organization, seat.principalName, { accountLicenseType: target.accountLicenseType });
          }
          results.push({ principalName: seat.principalName, outcome: 'assigned', at: this.at() });
        } catch (error) {
          this.deps.logger.warn({ err: error, requestId: approved.id, principalName: seat.principalName }, 'seat assignment failed');
          results.push({ principalName: seat.principalName, outcome: 'failed', error: adminMessage(error), at: this.at() });
        }
      }
    }
    const finished = await this.changeLatest(approved.id, { type: 'assignmentFinished', at: this.at(), results });
    const failed = results.filter((result) => result.outcome === 'failed');
    await this.audit(
      failed.length > 0 ? 'seat.assignment_failed' : 'seat.assigned',
      actor,
      'approved',
      finished,
      failed.length > 0 ? failed.map((result) => `${result.principalName}: ${result.error ?? 'failed'}`).join('; ') : undefined,
    );
    return finished;
  }

  /** One compare-and-set: the event applied to what was read, written only if nobody wrote in between. */
  private async change(
    stored: StoredSeatRequest,
    event: SeatRequestEvent,
  ): Promise<{ kind: 'changed'; request: SeatRequest } | { kind: 'refused'; code: string; message: string } | { kind: 'conflict' }> {
    const next = applyEvent(stored.request, event);
    if (!next.ok) return { kind: 'refused', code: next.code, message: next.message };
    if (!(await this.deps.repository.replace(next.request, stored.eTag))) return { kind: 'conflict' };
    return { kind: 'changed', request: next.request };
  }

  /** For the assignment winner only: re-reads on a conflict (a card was recorded meanwhile), never loses the result. */
  private async changeLatest(requestId: string, event: SeatRequestEvent): Promise<SeatRequest> {
    for (;;) {
      const stored = await this.deps.repository.get(requestId);
      if (!stored) throw new Error(`Seat request ${requestId} disappeared while it was being assigned`);
      const result = await this.change(stored, event);
      if (result.kind === 'changed') return result.request;
      if (result.kind === 'refused') throw new Error(`Seat request ${requestId}: ${result.message}`);
    }
  }

  /** Someone else changed the request between our read and our write: report what it is now. */
  private async lost(requestId: string, result: { kind: 'refused'; message: string } | { kind: 'conflict' }): Promise<DecisionOutcome> {
    const current = await this.deps.repository.get(requestId);
    if (!current) return { kind: 'not_found' };
    if (current.request.status !== 'pending') return { kind: 'already_decided', message: alreadyMessage(current.request), request: current.request };
    if (result.kind === 'refused') return { kind: 'invalid', message: result.message, request: current.request };
    return { kind: 'stale', request: current.request };
  }

  private at(): string {
    return this.deps.now().toISOString();
  }

  private async audit(
    action: SeatRequestAuditAction,
    actor: { aadObjectId: string; displayName?: string; ssoToken?: string },
    statusBefore: SeatRequestStatus | null,
    request: SeatRequest,
    detail?: string,
  ): Promise<void> {
    const record = {
      at: this.at(),
      action,
      actor: { aadObjectId: actor.aadObjectId, displayName: actor.displayName },
      organization: request.organization,
      requestId: request.id,
      requestNumber: request.number,
      statusBefore,
      statusAfter: request.status,
      level: accessLevel(request.level).uiName,
      people: request.people.map((seat) => seat.principalName),
      monthlyDelta: request.cost.monthlyDelta,
      detail,
      backend: this.deps.backend.kind,
      actedAs: actedAs(actor),
    };
    try {
      await this.deps.audit.append(record);
    } catch (error) {
      this.deps.logger.error({ err: error, auditRecord: record }, 'could not append to the audit log; the record is kept here');
    }
  }
}

/** What is wrong with a draft, in sentences a requester can act on. */
export function draftProblems(draft: SeatRequestDraft): string[] {
  const problems: string[] = [];
  const names = uniqueNames(draft.principalNames);
  if (names.length === 0) problems.push('Name at least one person by their sign-in address (for example ann@contoso.com).');
  if (names.length > maxPeoplePerRequest) {
    problems.push(`A request can name at most ${maxPeoplePerRequest} people (this one names ${names.length}); split it into several requests.`);
  }
  for (const name of names.slice(0, maxPeoplePerRequest + 5)) {
    if (name.length > 254 || !principalNamePattern.test(name)) {
      problems.push(`"${name.slice(0, 80)}" is not a sign-in address; use the person's email or user principal name.`);
    }
  }
  if (draft.justification.length > maxJustificationLength) {
    problems.push(`Keep the reason under ${maxJustificationLength} characters.`);
  }
  if (draft.kind === 'downgrade' && draft.level !== 'stakeholder') {
    problems.push('A downgrade lowers people to Stakeholder; to give someone a paid level, request seats instead.');
  }
  if (draft.kind !== 'downgrade' && draft.level === 'stakeholder') {
    problems.push('Stakeholder is free and needs no approval; an administrator can assign it in Organization settings > Users.');
  }
  return problems;
}

function uniqueNames(names: readonly string[]): string[] {
  const seen = new Set<string>();
  const unique: string[] = [];
  for (const raw of names) {
    const name = raw.trim();
    if (name && !seen.has(name.toLowerCase())) {
      seen.add(name.toLowerCase());
      unique.push(name);
    }
  }
  return unique;
}

function draftOf(request: SeatRequest): SeatRequestDraft {
  return {
    organization: request.organization,
    principalNames: request.people.map((seat) => seat.principalName),
    level: request.level,
    justification: request.justification,
    kind: kindOf(request),
  };
}

const sameName = (a: string, b: string): boolean => a.trim().toLowerCase() === b.trim().toLowerCase();

function findByPrincipalName(entitlements: readonly UserEntitlement[], principalName: string): UserEntitlement | undefined {
  return entitlements.find((entitlement) => sameName(entitlement.principalName, principalName));
}

/** Why a person needs nothing bought for `level`, or undefined when they do. */
function alreadyCovered(entitlement: UserEntitlement, level: AccessLevelId): string | undefined {
  const described = describeEntitlement(entitlement.accessLevel);
  const name = accessLevel(level).uiName;
  if (described.coveredByVisualStudio && described.visualStudio && levelIncludes(described.visualStudio.covers, level)) {
    return `${described.visualStudio.name} already includes ${name}, at no cost to the organization.`;
  }
  if (described.coveredByGitHubEnterprise && level === 'basic') {
    return 'A GitHub Enterprise licence already gives Basic, at no cost to the organization.';
  }
  if (described.level !== 'none' && levelIncludes(described.level, level)) {
    return `Already has ${described.label}${described.assignedByGroupRule ? ' from a group rule' : ''}.`;
  }
  return undefined;
}

/** Why lowering a person to Stakeholder would change nothing or save nothing, or undefined when it saves money. */
function whyNotLowered(entitlement: UserEntitlement | undefined): string | undefined {
  if (!entitlement) return 'Not in the organization: nothing is paid for them.';
  return downgradeBlocker(entitlement);
}

/** Their last sign-in as the request records it: an ISO timestamp, or `never`. */
function lastAccessOf(entitlement: UserEntitlement): string {
  const at = entitlement.lastAccessedDate ? Date.parse(entitlement.lastAccessedDate) : Number.NaN;
  return at > 0 ? new Date(at).toISOString() : 'never';
}

/** At approval: why a person of the downgrade is not lowered because they signed in after it was priced. */
function signedInAgain(approving: SeatRequest | undefined, principalName: string, entitlement: UserEntitlement | undefined): string | undefined {
  const seen = approving?.people.find((seat) => sameName(seat.principalName, principalName))?.lastAccessedDate;
  if (!seen || !entitlement) return undefined;
  const now = lastAccessOf(entitlement);
  if (now === 'never' || (seen !== 'never' && Date.parse(now) <= Date.parse(seen))) return undefined;
  return `Signed in again on ${now.slice(0, 16).replace('T', ' ')} UTC, after the request was made: they use their level.`;
}

function samePeople(a: readonly RequestedSeat[], b: readonly RequestedSeat[]): boolean {
  const names = (seats: readonly RequestedSeat[]) => seats.map((seat) => seat.principalName.toLowerCase()).sort().join('\n');
  return names(a) === names(b);
}

function person(caller: Caller): { aadObjectId: string; displayName?: string } {
  return { aadObjectId: caller.aadObjectId, displayName: caller.displayName };
}

function alreadyMessage(request: SeatRequest): string {
  const by = request.decision?.by.displayName ?? 'someone';
  const at = `${(request.decision?.at ?? request.updatedAt).slice(0, 16).replace('T', ' ')} UTC`;
  switch (request.status) {
    case 'approved':
    case 'assigned':
    case 'assignment_failed':
      return `Request ${request.number} was already approved by ${by} at ${at}.`;
    case 'rejected':
      return `Request ${request.number} was already rejected by ${by} at ${at}.`;
    case 'cancelled':
      return `Request ${request.number} was cancelled by ${by} at ${at}.`;
    case 'expired':
      return `Request ${request.number} expired at ${at} without a decision.`;
    case 'pending':
      return `Request ${request.number} is still waiting for approval.`;
  }
}

function adminMessage(error: unknown): string {
  return error instanceof AzureError ? error.message : 'An unexpected error; the details are in the bot log.';
}

