import { describe, expect, it } from '@jest/globals';
import {
  applyEvent,
  assignmentStep,
  peopleToAssign,
  restoreDrafts,
  type AssignmentStep,
  type SeatRequestKind,
  type SeatRequest,
  type SeatRequestEvent,
  type SeatRequestStatus,
} from '../../src/approvals/seatRequest.js';

import type { AccessLevelId } from '../../src/rules/accessLevels.js';

const at = '2026-11-30T10:00:00.000Z';
const requester = { aadObjectId: 'AAAA0000-0000-0000-0000-000000000001', displayName: 'Megan' };
const approver = { aadObjectId: 'aaaa0000-0000-0000-0000-000000000002', displayName: 'Alex' };

function request(status: SeatRequestStatus, patch: Partial<SeatRequest> = {}): SeatRequest {
  return {
    id: 'r1',
    number: 7,
    version: 3,
    status,
    tenantId: 't',
    organization: { id: 'o', name: 'contoso-web' },
    requester,
    level: 'basic',
    people: [
      { principalName: 'ann@contoso.com', currentLevel: null, monthlyDelta: 6, why: 'paid Basic' },
      { principalName: 'raj@contoso.com', currentLevel: 'stakeholder', monthlyDelta: 6, why: 'paid Basic' },
    ],
    justification: 'new team',
    cost: { monthlyDelta: 12, proratedDelta: 0.4, summary: 's', priceAsOf: '2026-01-01' },
    createdAt: at,
    updatedAt: at,
    assignments: [],
    remindAt: at,
    expiresAt: at,
    cards: [],
    ...patch,
  };
}

const events: Record<SeatRequestEvent['type'], SeatRequestEvent> = {
  approve: { type: 'approve', actor: approver, at },
  reject: { type: 'reject', actor: approver, at, reason: 'no budget' },
  cancel: { type: 'cancel', actor: { aadObjectId: requester.aadObjectId.toLowerCase() }, at },
  expire: { type: 'expire', at },
  remind: { type: 'remind', at },
  reprice: { type: 'reprice', at, people: [], cost: { monthlyDelta: 18, proratedDelta: 1, summary: 't', priceAsOf: '2026-01-01' } },
  assignmentFinished: { type: 'assignmentFinished', at, results: [{ principalName: 'ann@contoso.com', outcome: 'assigned', at }] },
  retry: { type: 'retry', actor: approver, at },
  cardsPosted: { type: 'cardsPosted', cards: [{ conversationId: 'c', activityId: 'a' }] },
};

const statuses: SeatRequestStatus[] = ['pending', 'approved', 'assigned', 'assignment_failed', 'rejected', 'cancelled', 'expired'];

/** Every (status, event) pair: the status it leads to, or the refusal. Anything not listed here is a bug. */
const table: Record<SeatRequestStatus, Partial<Record<SeatRequestEvent['type'], SeatRequestStatus>>> = {
  pending: { approve: 'approved', reject: 'rejected', cancel: 'cancelled', expire: 'expired', remind: 'pending', reprice: 'pending', cardsPosted: 'pending' },
  approved: { assignmentFinished: 'assigned', cardsPosted: 'approved' },
  assigned: { cardsPosted: 'assigned' },
  assignment_failed: { retry: 'approved', cardsPosted: 'assignment_failed' },
  rejected: { cardsPosted: 'rejected' },
  cancelled: { cardsPosted: 'cancelled' },
  expired: { cardsPosted: 'expired' },
};

/** A downgrade to Stakeholder: Ann had Basic, Raj Basic + Test Plans, Lee was already Stakeholder. */
const downgradePatch: Partial<SeatRequest> = {
  kind: 'downgrade',
  level: 'stakeholder',
  people: [
    { principalName: 'ann@contoso.com', currentLevel: 'basic', monthlyDelta: -6, why: 'paid Basic' },
    { principalName: 'raj@contoso.com', currentLevel: 'basicTestPlans', monthlyDelta: -52, why: 'paid Basic + Test Plans' },
    { principalName: 'lee@contoso.com', currentLevel: 'stakeholder', monthlyDelta: 0, why: 'free' },
  ],
  cost: { monthlyDelta: -58, proratedDelta: -1.93, summary: 's', priceAsOf: '2026-01-01' },
};

describe.each([
  { kind: 'assign', patch: {} },
  { kind: 'downgrade', patch: downgradePatch },
] as const)('the seat request state machine ($kind)', ({ kind, patch }) => {
  const cases = statuses.flatMap((status) =>
    (Object.keys(events) as Array<SeatRequestEvent['type']>).map((event) => ({ status, event, expected: table[status][event] })),
  );

  it.each(cases)('$status + $event → $expected', ({ status, event, expected }) => {
    const before = request(status, patch);
    const frozen = JSON.stringify(before);
    const result = applyEvent(before, events[event]);
    expect(JSON.stringify(before)).toBe(frozen);
    if (expected === undefined) {
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.message.length).toBeGreaterThan(10);
      return;
    }
    expect(result).toMatchObject({ ok: true, request: { status: expected } });
    if (result.ok) expect(result.request.kind).toBe(kind === 'downgrade' ? 'downgrade' : undefined);
  });

  it('covers all 63 pairs', () => expect(cases).toHaveLength(63));

  it.each([
    ['approve', 4],
    ['reject', 4],
    ['cancel', 4],
    ['expire', 4],
    ['reprice', 4],
    ['remind', 3],
    ['cardsPosted', 3],
  ] as const)('%s leaves version %i (cards carry the version approvers decide on)', (event, version) => {
    const result = applyEvent(request('pending'), events[event]);
    expect(result.ok && result.request.version).toBe(version);
  });

  it('records who decided, and the reason of a rejection', () => {
    const result = applyEvent(request('pending'), events.reject);
    expect(result.ok && result.request.decision).toEqual({ by: approver, at, reason: 'no budget' });
  });

  it('refuses a rejection without a reason', () => {
    expect(applyEvent(request('pending'), { type: 'reject', actor: approver, at, reason: '  ' })).toMatchObject({ ok: false, code: 'reason_required' });
  });

  it('lets only the requester cancel, whatever the letter case of the id', () => {
    expect(applyEvent(request('pending'), { type: 'cancel', actor: approver, at })).toMatchObject({ ok: false, code: 'not_requester' });
    expect(applyEvent(request('pending'), events.cancel)).toMatchObject({ ok: true });
  });

  it('says who decided when an event comes too late', () => {
    const decided = request('approved', { decision: { by: approver, at } });
    expect(applyEvent(decided, events.approve)).toMatchObject({ ok: false, code: 'already_decided', message: expect.stringContaining('Alex') });
  });

  it('reminds once', () => {
    const reminded = applyEvent(request('pending'), events.remind);
    expect(reminded.ok).toBe(true);
    if (reminded.ok) expect(applyEvent(reminded.request, events.remind)).toMatchObject({ ok: false });
  });

  it('ends in assigned when everyone is done, assignment_failed when anyone failed', () => {
    const all = applyEvent(request('approved'), {
      type: 'assignmentFinished',
      at,
      results: [
        { principalName: 'ann@contoso.com', outcome: 'assigned', at },
        { principalName: 'raj@contoso.com', outcome: 'already_had', at },
      ],
    });
    expect(all).toMatchObject({ ok: true, request: { status: 'assigned' } });
    const partial = applyEvent(request('approved'), {
      type: 'assignmentFinished',
      at,
      results: [
        { principalName: 'ann@contoso.com', outcome: 'assigned', at },
        { principalName: 'raj@contoso.com', outcome: 'failed', error: '403', at },
      ],
    });
    expect(partial).toMatchObject({ ok: true, request: { status: 'assignment_failed' } });
  });

  it('retries only the people not done yet, and keeps earlier successes in the record', () => {
    const failed = request('assignment_failed', {
      assignments: [
        { principalName: 'ann@contoso.com', outcome: 'assigned', at },
        { principalName: 'RAJ@contoso.com', outcome: 'failed', error: '403', at },
      ],
    });
    expect(peopleToAssign(failed).map((seat) => seat.principalName)).toEqual(['raj@contoso.com']);
    const retried = applyEvent(failed, events.retry);
    if (!retried.ok) throw new Error(retried.message);
    const finished = applyEvent(retried.request, {
      type: 'assignmentFinished',
      at,
      results: [{ principalName: 'raj@contoso.com', outcome: 'assigned', at }],
    });
    expect(finished.ok && finished.request.status).toBe('assigned');
    expect(finished.ok && finished.request.assignments.map((result) => result.outcome)).toEqual(['assigned', 'assigned']);
  });
});

describe('what assigning one person needs', () => {
  const table: Array<[SeatRequestKind, AccessLevelId | 'none', AccessLevelId, AssignmentStep]> = [
    ['assign', 'none', 'basic', 'add'],
    ['assign', 'stakeholder', 'basic', 'change'],
    ['assign', 'basic', 'basic', 'already_had'],
    ['assign', 'basicTestPlans', 'basic', 'already_had'],
    ['assign', 'basic', 'basicTestPlans', 'change'],
    ['assign', 'none', 'basicTestPlans', 'add'],
    ['downgrade', 'basic', 'stakeholder', 'change'],
    ['downgrade', 'basicTestPlans', 'stakeholder', 'change'],
    ['downgrade', 'stakeholder', 'stakeholder', 'already_had'],
    ['downgrade', 'none', 'stakeholder', 'not_in_organization'],
  ];
  it.each(table)('%s, holding %s, to %s → %s', (kind, held, target, step) => {
    expect(assignmentStep(kind, held, target)).toBe(step);
  });
});

describe('restoring what a downgrade took', () => {
  const lowered = request('assigned', {
    ...downgradePatch,
    assignments: [
      { principalName: 'ANN@contoso.com', outcome: 'assigned', at },
      { principalName: 'raj@contoso.com', outcome: 'assigned', at },
      { principalName: 'lee@contoso.com', outcome: 'already_had', at },
    ],
  });

  it('asks for each person\'s previous level again, one draft per level, leaving out who was not lowered', () => {
    expect(restoreDrafts(lowered)).toEqual([
      { level: 'basic', principalNames: ['ann@contoso.com'] },
      { level: 'basicTestPlans', principalNames: ['raj@contoso.com'] },
    ]);
  });

  it('restores only the people named, whatever the letter case', () => {
    expect(restoreDrafts(lowered, ['Raj@Contoso.com'])).toEqual([{ level: 'basicTestPlans', principalNames: ['raj@contoso.com'] }]);
  });

  it.each([
    ['a pending downgrade (nobody lowered yet)', request('pending', downgradePatch)],
    ['a failed downgrade', request('assignment_failed', { ...downgradePatch, assignments: [{ principalName: 'ann@contoso.com', outcome: 'failed', at }] })],
    ['a request that raised levels', request('assigned', { assignments: [{ principalName: 'ann@contoso.com', outcome: 'assigned', at }] })],
  ])('has nothing to restore for %s', (_, subject) => {
    expect(restoreDrafts(subject)).toEqual([]);
  });
});
