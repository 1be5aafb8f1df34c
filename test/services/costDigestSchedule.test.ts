import { describe, expect, it } from '@jest/globals';
import {
  claimIfDue,
  mayManageDigest,
  nextDigestRun,
  startedSchedule,
  stoppedSchedule,
  withOutcome,
  type CostDigestSchedule,
} from '../../src/services/costDigestSchedule.js';

const alex = { aadObjectId: 'alex', displayName: 'Alex Wilber' };
const base: CostDigestSchedule = {
  organization: { id: 'org-1', name: 'contoso-web' },
  tenantId: 'tenant-1',
  active: true,
  inactiveDays: 30,
  subscriber: alex,
  changedBy: alex,
  changedAt: '2026-11-10T10:00:00.000Z',
  nextRunAt: '2026-12-01T09:00:00.000Z',
};

describe('nextDigestRun: the 1st of the month, 09:00 UTC, strictly after the given time', () => {
  it.each([
    ['2026-11-10T10:00:00.000Z', '2026-12-01T09:00:00.000Z'],
    ['2026-12-01T08:59:59.999Z', '2026-12-01T09:00:00.000Z'],
    ['2026-12-01T09:00:00.000Z', '2027-01-01T09:00:00.000Z'],
    ['2026-12-01T09:00:00.001Z', '2027-01-01T09:00:00.000Z'],
    ['2026-12-31T23:30:00.000Z', '2027-01-01T09:00:00.000Z'],
    ['2027-01-31T12:00:00.000Z', '2027-02-01T09:00:00.000Z'],
    ['2028-02-29T12:00:00.000Z', '2028-03-01T09:00:00.000Z'],
  ])('after %s → %s', (after, next) => {
    expect(nextDigestRun(new Date(after)).toISOString()).toBe(next);
  });
});

describe('claimIfDue', () => {
  it.each<[string, Partial<CostDigestSchedule>, string, { dueAt: string; next: string } | undefined]>([
    ['not yet due', {}, '2026-12-01T08:59:59.999Z', undefined],
    ['due at the minute', {}, '2026-12-01T09:00:00.000Z', { dueAt: '2026-12-01T09:00:00.000Z', next: '2027-01-01T09:00:00.000Z' }],
    ['due, found a few seconds late', {}, '2026-12-01T09:00:40.000Z', { dueAt: '2026-12-01T09:00:00.000Z', next: '2027-01-01T09:00:00.000Z' }],
    // Down from November to March: one digest on start, the next one at the regular time after it, not four.
    ['three months missed', {}, '2027-03-15T16:00:00.000Z', { dueAt: '2026-12-01T09:00:00.000Z', next: '2027-04-01T09:00:00.000Z' }],
    ['stopped', { active: false }, '2027-03-15T16:00:00.000Z', undefined],
    ['no next run recorded', { nextRunAt: undefined }, '2027-03-15T16:00:00.000Z', undefined],
  ])('%s', (_case, change, now, expected) => {
    const claimed = claimIfDue({ ...base, ...change }, new Date(now));
    if (!expected) {
      expect(claimed).toBeUndefined();
      return;
    }
    expect(claimed?.nextRunAt).toBe(expected.next);
    expect(claimed?.lastRun).toEqual({ dueAt: expected.dueAt, claimedAt: now, outcome: 'claimed' });
    // A claimed schedule is not due again at the same moment: a second look (another instance, a retry) finds nothing.
    expect(claimIfDue(claimed!, new Date(now))).toBeUndefined();
  });
});

describe('starting, stopping and recording a run', () => {
  it('starts with the next regular time, keeps the last run of an earlier subscription, and stops without a next run', () => {
    const previous = { ...base, active: false, nextRunAt: undefined, lastRun: { dueAt: '2026-10-01T09:00:00.000Z', claimedAt: '2026-10-01T09:00:05.000Z', outcome: 'sent' as const } };
    const megan = { aadObjectId: 'megan' };
    const started = startedSchedule(previous, { organization: base.organization, tenantId: 'tenant-1', inactiveDays: 45, by: megan, now: new Date('2026-11-20T12:00:00.000Z') });
    expect(started).toMatchObject({ active: true, inactiveDays: 45, subscriber: megan, nextRunAt: '2026-12-01T09:00:00.000Z', lastRun: previous.lastRun });
    const stopped = stoppedSchedule(started, alex, new Date('2026-11-21T12:00:00.000Z'));
    expect(stopped).toMatchObject({ active: false, changedBy: alex, changedAt: '2026-11-21T12:00:00.000Z' });
    expect(stopped.nextRunAt).toBeUndefined();
    expect(claimIfDue(stopped, new Date('2027-06-01T09:00:00.000Z'))).toBeUndefined();
  });

  it.each<[string, string, CostDigestSchedule['lastRun']]>([
    ['records the outcome of the run it was claimed for', '2026-12-01T09:00:00.000Z', { dueAt: '2026-12-01T09:00:00.000Z', claimedAt: '2026-12-01T09:00:01.000Z', outcome: 'failed', detail: 'throttled' }],
    ['leaves a later claim alone', '2026-11-01T09:00:00.000Z', { dueAt: '2026-12-01T09:00:00.000Z', claimedAt: '2026-12-01T09:00:01.000Z', outcome: 'claimed' }],
  ])('withOutcome %s', (_case, dueAt, expected) => {
    const claimed = { ...base, lastRun: { dueAt: '2026-12-01T09:00:00.000Z', claimedAt: '2026-12-01T09:00:01.000Z', outcome: 'claimed' as const } };
    expect(withOutcome(claimed, dueAt, 'failed', 'throttled').lastRun).toEqual(expected);
  });
});

describe('mayManageDigest: the people who may approve the organization\'s seat requests', () => {
  it.each([
    [true, true, true],
    [true, false, true],
    [false, true, true],
    [false, false, false],
  ])('configured approver %s, Project Collection Administrator %s → allowed %s', (isConfiguredApprover, isProjectCollectionAdmin, allowed) => {
    const decision = mayManageDigest({ organizationName: 'contoso-web', isConfiguredApprover, isProjectCollectionAdmin });
    expect(decision.allowed).toBe(allowed);
    if (!decision.allowed) {
      expect(decision.message).toContain('Project Collection Administrator of contoso-web');
      expect(decision.message).toContain('https://learn.microsoft.com/azure/devops/organizations/security/look-up-project-collection-administrators');
    }
  });
});
