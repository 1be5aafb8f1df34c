import { describeStatus, kindOf, type SeatRequest } from '../../approvals/seatRequest.js';
import { escapeUserText } from '../../cards/escape.js';
import type { AdaptiveCard } from '../../cards/renderer.js';
import type { SeatApprovalCardData } from '../../cards/views.js';
import { personRow, signedUsd } from '../../dialogs/seatRows.js';
import { accessLevel } from '../../rules/accessLevels.js';

/** The verbs of the approval card; one handler file each under `actions/`. */
export const verbs = {
  approve: 'seatRequests/approve',
  reject: 'seatRequests/reject',
  retry: 'seatRequests/retry',
  view: 'seatRequests/view',
} as const;

/** Teams refreshes a card automatically for at most 60 listed users. */
export const maxRefreshUsers = 60;

const statusColors: Record<SeatRequest['status'], SeatApprovalCardData['statusColor']> = {
  pending: 'Warning',
  approved: 'Accent',
  assigned: 'Good',
  assignment_failed: 'Attention',
  rejected: 'Attention',
  cancelled: 'Default',
  expired: 'Default',
};

/**
 * The approval card as one viewer sees it: approvers get the buttons that fit the state, everyone else the status.
 * User-written text (names, the justification, a rejection reason) is escaped: it can become neither a link nor a
 * template expression.
 */
export function approvalCardData(request: SeatRequest, viewer: 'approver' | 'readOnly'): SeatApprovalCardData {
  const level = accessLevel(request.level).uiName;
  const downgrade = kindOf(request) === 'downgrade';
  const decided = request.decision;
  const facts = [
    { title: 'Requested by', value: escapeUserText(request.requester.displayName ?? request.requester.aadObjectId) },
    { title: 'Organization', value: request.organization.name },
    { title: 'Access level', value: downgrade ? `${level} (downgrade; each person can be restored with **restore request ${request.number}**)` : level },
    { title: downgrade ? 'Monthly saving' : 'Monthly cost', value: `${signedUsd(request.cost.monthlyDelta)} (estimate)` },
    { title: 'This month', value: `${signedUsd(request.cost.proratedDelta)} (metered daily)` },
    { title: 'Why', value: request.justification ? escapeUserText(request.justification) : '(no reason given)' },
    ...(decided && request.status !== 'pending'
      ? [{ title: 'Decided', value: `${escapeUserText(decided.by.displayName ?? decided.by.aadObjectId)}, ${readableTime(decided.at)}` }]
      : []),
    ...(decided?.reason ? [{ title: 'Reason', value: escapeUserText(decided.reason) }] : []),
  ];
  const errors = request.assignments
    .filter((result) => result.outcome === 'failed')
    .map((result) => `${escapeUserText(result.principalName)}: ${escapeUserText(result.error ?? 'failed')}`);
  return {
    title: `${downgrade ? 'Downgrade request' : 'Seat request'} ${request.number}: ${level} for ${request.people.length} ${request.people.length === 1 ? 'person' : 'people'}`,
    status: statusLine(request),
    statusColor: statusColors[request.status],
    facts,
    people: request.people.map((seat) => {
      const row = personRow(seat, request.level);
      const result = request.assignments.find((candidate) => candidate.principalName.toLowerCase() === seat.principalName.toLowerCase());
      return result ? { ...row, detail: `${row.detail} ${assignmentNote(result.outcome, downgrade)}` } : row;
    }),
    costSummary: request.cost.summary,
    errors,
    note:
      viewer === 'readOnly' && (request.status === 'pending' || request.status === 'assignment_failed')
        ? 'Approvers see the buttons: configured approvers and the organization\'s Project Collection Administrators.'
        : '',
    canDecide: viewer === 'approver' && request.status === 'pending',
    canRetry: viewer === 'approver' && request.status === 'assignment_failed',
    decision: { requestId: request.id, version: request.version },
  };
}

/**
 * Adds Teams' per-user refresh: the listed users (approvers) get their own view when they open the card. Never put
 * on a card that answers an automatic refresh, or Teams would refresh it again and again.
 */
export function withRefresh(card: AdaptiveCard, request: SeatRequest, userIds: readonly string[]): AdaptiveCard {
  if (userIds.length === 0) return card;
  return {
    ...card,
    refresh: {
      action: { type: 'Action.Execute', title: 'Refresh', verb: verbs.view, data: { requestId: request.id, version: request.version } },
      userIds: userIds.slice(0, maxRefreshUsers),
    },
  };
}

function statusLine(request: SeatRequest): string {
  const text = describeStatus(request.status);
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

function assignmentNote(outcome: 'assigned' | 'already_had' | 'failed', downgrade: boolean): string {
  switch (outcome) {
    case 'assigned':
      return downgrade ? 'Lowered to Stakeholder.' : 'Assigned.';
    case 'already_had':
      return 'Already had it: nothing changed.';
    case 'failed':
      return 'Not assigned (see below).';
  }
}

/** "2026-11-30 02:58 UTC": what an admin reads on a card, rather than an ISO timestamp. */
export function readableTime(iso: string): string {
  return `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}
