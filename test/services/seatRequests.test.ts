import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { MemoryStorage } from 'botbuilder';
import { AzureError, type AzureBackend, type Caller } from '../../src/azure/ports.js';
import { createRestBackend } from '../../src/azure/rest/backend.js';
import { createSandboxBackend, loadSandboxSeed } from '../../src/azure/sandbox/sandboxBackend.js';
import { createLogger } from '../../src/logger.js';
import type { SeatRequestAuditRecord } from '../../src/services/audit.js';
import { SeatRequestService, type SeatRequestDraft } from '../../src/services/seatRequests.js';
import { JsonLinesAuditLog } from '../../src/storage/auditLog.js';
import { JsonSeatRequestRepository } from '../../src/storage/seatRequestStore.js';
import { playground } from '../support/botClient.js';
import { fakeCredentialFor, startFakeAzure } from '../support/fakeAzure/server.js';

const tenantId = playground.tenantId;
const megan: Caller = { aadObjectId: playground.megan.aadObjectId, tenantId, displayName: 'Megan Bowen' };
const alex: Caller = { aadObjectId: playground.alex.aadObjectId, tenantId, displayName: 'Alex Wilber' };
/** Patti Fernandez, the other Project Collection Administrator of contoso-web. */
const patti: Caller = { aadObjectId: '00000000-0000-0000-0000-0000000000024', tenantId, displayName: 'Patti Fernandez' };
const contosoWeb = { id: '92ed1254-d205-48e1-b839-9fac3e829e8b', name: 'contoso-web' };

const draft = (principalNames: string[], level: SeatRequestDraft['level'] = 'basicTestPlans'): SeatRequestDraft => ({
  organization: contosoWeb,
  principalNames,
  level,
  justification: 'release testing',
});

/** Counts the calls that buy seats, and can make one person's assignment fail. */
function countingBackend(backend: AzureBackend, failFor: Set<string>): { backend: AzureBackend; assignments: string[] } {
  const assignments: string[] = [];
  const devops = Object.create(backend.devops) as AzureBackend['devops'];
  devops.addUserEntitlement = async (caller, organization, principalName, level) => {
    assignments.push(principalName);
    if (failFor.has(principalName)) throw new AzureError('forbidden', `Azure DevOps refused to add ${principalName}.`);
    return backend.devops.addUserEntitlement(caller, organization, principalName, level);
  };
  devops.changeAccessLevel = async (caller, organization, userId, level) => {
    const user = (await backend.devops.listUserEntitlements(caller, organization)).find((entry) => entry.id === userId);
    assignments.push(user?.principalName ?? userId);
    if (user && failFor.has(user.principalName)) throw new AzureError('forbidden', `Azure DevOps refused to change ${user.principalName}.`);
    return backend.devops.changeAccessLevel(caller, organization, userId, level);
  };
  return { backend: { ...backend, devops }, assignments };
}

/** The service over a sandbox tenant (fresh unless given) and a lowdb repository in `dir`, counting assignments. */
async function openService(options: { dir: string; audit: JsonLinesAuditLog; now: () => Date; sandboxStorage?: MemoryStorage; failFor?: Set<string> }) {
  const counting = countingBackend(
    createSandboxBackend({ storage: options.sandboxStorage ?? new MemoryStorage(), seed: loadSandboxSeed() }),
    options.failFor ?? new Set(),
  );
  const service = new SeatRequestService({
    backend: counting.backend,
    repository: await JsonSeatRequestRepository.open(options.dir),
    audit: options.audit,
    logger: createLogger('silent'),
    now: options.now,
    settings: { approverIds: [], remindAfterMs: 3_600_000, expireAfterMs: 86_400_000 },
  });
  return { service, assignments: counting.assignments, backend: counting.backend };
}

describe('SeatRequestService', () => {
  let dir: string;
  let clock: Date;
  let failFor: Set<string>;
  let sandboxStorage: MemoryStorage;
  let audit: JsonLinesAuditLog;

  const open = () => openService({ dir, audit, now: () => clock, sandboxStorage, failFor });

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'seat-requests-'));
    clock = new Date('2026-11-10T09:00:00.000Z');
    failFor = new Set();
    sandboxStorage = new MemoryStorage();
    audit = new JsonLinesAuditLog(join(dir, 'audit.jsonl'));
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  it('prices the request from live entitlements: per person, the monthly delta and this month\'s share', async () => {
    const { service } = await open();
    const result = await service.preview(megan, draft(['leeg@example.com', 'isaiah@example.com', 'lidiah@example.com']));
    if (result.kind !== 'preview') throw new Error(result.kind);
    expect(result.preview.people.map((seat) => [seat.principalName, seat.currentLevel, seat.monthlyDelta])).toEqual([
      ['leeg@example.com', 'stakeholder', 52],
      ['lidiah@example.com', null, 52],
    ]);
    expect(result.preview.unchanged).toEqual([{ principalName: 'isaiah@example.com', why: expect.stringContaining('Visual Studio Enterprise') }]);
    expect(result.preview.cost.monthlyDelta).toBe(104);
    expect(result.preview.cost.proratedDelta).toBeCloseTo((104 * 21) / 30, 2);
  });

  it.each([
    [[], /at least one person/],
    [Array.from({ length: 21 }, (_, i) => `p${i}@example.com`), /at most 20 people/],
    [["o'brien@example.com/../../_apis"], /not a sign-in address/],
    [['ann@example.com\nSELECT'], /not a sign-in address/],
  ])('refuses a bad draft with a sentence the requester can act on (%#)', async (names, message) => {
    const { service } = await open();
    const result = await service.preview(megan, draft(names));
    expect(result.kind).toBe('invalid');
    if (result.kind === 'invalid') expect(result.problems.join(' ')).toMatch(message);
  });

  it('lets 50 concurrent approvals (mixed approvers, current and stale versions) assign exactly once', async () => {
    const { service, assignments } = await open();
    const submitted = await service.submit(megan, draft(['leeg@example.com', 'lidiah@example.com']));
    if (submitted.kind !== 'submitted') throw new Error(submitted.kind);
    const { id, version } = submitted.request;
    const outcomes = await Promise.all(
      Array.from({ length: 50 }, (_, i) => service.approve(i % 2 === 0 ? alex : patti, id, i % 5 === 4 ? version + 1 : version)),
    );
    expect(outcomes.filter((outcome) => outcome.kind === 'done')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome.kind !== 'done').every((outcome) => ['already_decided', 'stale'].includes(outcome.kind))).toBe(true);
    expect(assignments.sort()).toEqual(['leeg@example.com', 'lidiah@example.com']);
    const records = (await audit.readAll()) as SeatRequestAuditRecord[];
    expect(records.filter((record) => record.action === 'seat.approved')).toHaveLength(1);
    expect((await service.get(megan, id))?.status).toBe('assigned');
  });

  it('after a failure for one of three, Retry assigns only the one left', async () => {
    failFor.add('lidiah@example.com');
    const { service, assignments } = await open();
    const submitted = await service.submit(megan, draft(['leeg@example.com', 'lidiah@example.com', 'miriamg@example.com']));
    if (submitted.kind !== 'submitted') throw new Error(submitted.kind);
    const approved = await service.approve(alex, submitted.request.id, 1);
    expect(approved).toMatchObject({ kind: 'done', request: { status: 'assignment_failed' } });
    if (approved.kind !== 'done') return;
    expect(approved.request.assignments.find((result) => result.outcome === 'failed')).toMatchObject({
      principalName: 'lidiah@example.com',
      error: 'Azure DevOps refused to add lidiah@example.com.',
    });
    failFor.clear();
    const retried = await service.retry(patti, approved.request.id, approved.request.version);
    expect(retried).toMatchObject({ kind: 'done', request: { status: 'assigned' } });
    expect(assignments).toEqual(['leeg@example.com', 'lidiah@example.com', 'miriamg@example.com', 'lidiah@example.com']);
    const actions = ((await audit.readAll()) as SeatRequestAuditRecord[]).map((record) => record.action);
    expect(actions).toEqual(['seat.requested', 'seat.approved', 'seat.assignment_failed', 'seat.retried', 'seat.assigned']);
  });

  it('asks the approver to confirm again when the cost changed since the card was sent', async () => {
    const { service, backend } = await open();
    const submitted = await service.submit(megan, draft(['lidiah@example.com'], 'basic'));
    if (submitted.kind !== 'submitted') throw new Error(submitted.kind);
    expect(submitted.request.cost.monthlyDelta).toBe(6);
    // Meanwhile someone leaves contoso-web's paid Basic users, freeing... nothing: contoso-web is past its free users,
    // so instead a free slot appears when two paid Basic users are moved to Stakeholder.
    for (const name of ['nestorw@example.com', 'diegos@example.com', 'johannal@example.com', 'gradya@example.com']) {
      const user = (await backend.devops.listUserEntitlements(alex, contosoWeb)).find((entry) => entry.principalName === name);
      if (user) await backend.devops.changeAccessLevel(alex, contosoWeb, user.id, { accountLicenseType: 'stakeholder' });
    }
    const first = await service.approve(alex, submitted.request.id, 1);
    expect(first).toMatchObject({ kind: 'repriced', previousMonthlyDelta: 6, request: { cost: { monthlyDelta: 0 }, version: 2 } });
    const again = await service.approve(alex, submitted.request.id, 2);
    expect(again).toMatchObject({ kind: 'done', request: { status: 'assigned' } });
  });

  it('reminds once and expires once, across a restart, with a controllable clock', async () => {
    const first = await open();
    const submitted = await first.service.submit(megan, draft(['leeg@example.com']));
    if (submitted.kind !== 'submitted') throw new Error(submitted.kind);
    expect(await first.service.processDue()).toEqual({ reminded: [], expired: [], interrupted: [] });

    clock = new Date(clock.getTime() + 2 * 3_600_000);
    const afterRestart = await open();
    const due = await afterRestart.service.processDue();
    expect(due.reminded.map((request) => request.number)).toEqual([1]);
    const concurrent = await Promise.all([afterRestart.service.processDue(), (await open()).service.processDue()]);
    expect(concurrent.flatMap((work) => work.reminded)).toEqual([]);

    clock = new Date(clock.getTime() + 86_400_000);
    const again = await open();
    const [a, b] = await Promise.all([again.service.processDue(), again.service.processDue()]);
    expect([...a.expired, ...b.expired].map((request) => request.status)).toEqual(['expired']);
    expect(await again.service.approve(alex, submitted.request.id, 1)).toMatchObject({ kind: 'already_decided' });
    const actions = ((await audit.readAll()) as SeatRequestAuditRecord[]).map((record) => record.action);
    expect(actions).toEqual(['seat.requested', 'seat.reminded', 'seat.expired']);
  });
});

describe('SeatRequestService, downgrades to Stakeholder', () => {
  let dir: string;
  let audit: JsonLinesAuditLog;
  const clock = new Date('2026-11-10T09:00:00.000Z');
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'seat-requests-'));
    audit = new JsonLinesAuditLog(join(dir, 'audit.jsonl'));
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  const open = () => openService({ dir, audit, now: () => clock });
  const downgrade = (principalNames: string[], organization = contosoWeb): SeatRequestDraft => ({
    organization,
    principalNames,
    level: 'stakeholder',
    justification: 'cost sweep',
    kind: 'downgrade',
  });
  const levelOf = async (backend: AzureBackend, principalName: string) =>
    (await backend.devops.listUserEntitlements(alex, contosoWeb)).find((entry) => entry.principalName === principalName)?.accessLevel.accountLicenseType;

  it('prices a downgrade as a saving, remembers each level, and leaves out who would save nothing', async () => {
    const { service } = await open();
    const result = await service.preview(alex, downgrade(['gradya@example.com', 'johannal@example.com', 'isaiah@example.com', 'leeg@example.com', 'nobody@example.com']));
    if (result.kind !== 'preview') throw new Error(result.kind);
    expect(result.preview.kind).toBe('downgrade');
    expect(result.preview.people.map((seat) => [seat.principalName, seat.currentLevel, seat.monthlyDelta])).toEqual([
      ['gradya@example.com', 'basic', -6],
      ['johannal@example.com', 'basic', -6],
    ]);
    expect(result.preview.cost.monthlyDelta).toBe(-12);
    expect(Object.fromEntries(result.preview.unchanged.map((person) => [person.principalName, person.why]))).toEqual({
      'isaiah@example.com': expect.stringContaining('Visual Studio Enterprise'),
      'leeg@example.com': 'Already Stakeholder.',
      'nobody@example.com': expect.stringContaining('Not in the organization'),
    });
  });

  it('says a group rule would give the level back', async () => {
    const { service } = await open();
    const research = { id: 'e37d0a91-791d-416e-9086-5fa45bee3142', name: 'contoso-research' };
    const result = await service.preview(alex, downgrade(['raulr@example.com'], research));
    expect(result).toMatchObject({ kind: 'nothing_to_do', unchanged: [{ principalName: 'raulr@example.com', why: expect.stringContaining('group rule') }] });
  });

  it.each([
    ['a downgrade to a paid level', { ...downgrade(['gradya@example.com']), level: 'basic' as const }, /lowers people to Stakeholder/],
    ['a purchase of Stakeholder', { ...downgrade(['gradya@example.com']), kind: 'assign' as const }, /Stakeholder is free/],
  ])('refuses %s', async (_, subject, message) => {
    const { service } = await open();
    const result = await service.preview(alex, subject);
    expect(result.kind).toBe('invalid');
    if (result.kind === 'invalid') expect(result.problems.join(' ')).toMatch(message);
  });

  it('goes through the same approval: one winner lowers the levels, the audit records the saving, and restore asks again', async () => {
    const { service, backend, assignments } = await open();
    const submitted = await service.submit(alex, downgrade(['gradya@example.com', 'johannal@example.com']));
    if (submitted.kind !== 'submitted') throw new Error(submitted.kind);
    expect(submitted.request).toMatchObject({ kind: 'downgrade', level: 'stakeholder', status: 'pending', cost: { monthlyDelta: -12 } });
    expect(await service.approve(alex, submitted.request.id, 1)).toMatchObject({ kind: 'not_allowed' });

    const outcomes = await Promise.all(Array.from({ length: 10 }, () => service.approve(patti, submitted.request.id, 1)));
    expect(outcomes.filter((outcome) => outcome.kind === 'done')).toHaveLength(1);
    expect(assignments.sort()).toEqual(['gradya@example.com', 'johannal@example.com']);
    expect(await levelOf(backend, 'gradya@example.com')).toBe('stakeholder');
    expect(await levelOf(backend, 'johannal@example.com')).toBe('stakeholder');
    const done = await service.get(alex, submitted.request.id);
    expect(done?.status).toBe('assigned');

    const records = (await audit.readAll()) as SeatRequestAuditRecord[];
    expect(records.map((record) => [record.action, record.level, record.monthlyDelta])).toEqual([
      ['seat.requested', 'Stakeholder', -12],
      ['seat.approved', 'Stakeholder', -12],
      ['seat.assigned', 'Stakeholder', -12],
    ]);

    const restore = await service.restore(alex, submitted.request.number, ['johannal@example.com']);
    expect(restore).toMatchObject({ kind: 'drafts', drafts: [{ level: 'basic', principalNames: ['johannal@example.com'] }] });
    if (restore.kind !== 'drafts') return;
    const raised = await service.submit(alex, restore.drafts[0] as SeatRequestDraft);
    expect(raised).toMatchObject({ kind: 'submitted', request: { status: 'pending', level: 'basic', cost: { monthlyDelta: 6 } } });
    expect((raised as { request: { kind?: string } }).request.kind).toBeUndefined();
  });

  it('has nothing to restore for a request that raised levels, or one that does not exist', async () => {
    const { service } = await open();
    const submitted = await service.submit(megan, draft(['leeg@example.com']));
    if (submitted.kind !== 'submitted') throw new Error(submitted.kind);
    expect(await service.restore(megan, submitted.request.number)).toMatchObject({ kind: 'nothing_to_restore' });
    expect(await service.restore(megan, 99)).toEqual({ kind: 'not_found' });
  });
});

describe('SeatRequestService: tenants, stuck approvals, stale clicks and configured approvers', () => {
  let dir: string;
  let clock: Date;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'seat-requests-'));
    clock = new Date('2026-11-10T09:00:00.000Z');
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  const open = async (backend: AzureBackend, approverIds: string[] = []) => {
    const audit = new JsonLinesAuditLog(join(dir, 'audit.jsonl'));
    const repository = await JsonSeatRequestRepository.open(dir);
    return {
      audit,
      repository,
      service: new SeatRequestService({
        backend,
        repository,
        audit,
        logger: createLogger('silent'),
        now: () => clock,
        settings: { approverIds, remindAfterMs: 3_600_000, expireAfterMs: 86_400_000 },
      }),
    };
  };

  it('hides a request from people of another tenant, and refuses their decisions', async () => {
    const { service } = await open(createSandboxBackend({ storage: new MemoryStorage(), seed: loadSandboxSeed() }));
    const submitted = await service.submit(megan, draft(['leeg@example.com']));
    if (submitted.kind !== 'submitted') throw new Error(submitted.kind);
    const stranger: Caller = { ...alex, tenantId: '7d1a4c2e-0b3f-4e5a-9c8d-2f6e1a0b3c4d' };
    expect(await service.get(stranger, submitted.request.id)).toBeUndefined();
    expect(await service.getByNumber(stranger, 1)).toBeUndefined();
    expect(await service.approve(stranger, submitted.request.id, 1)).toEqual({ kind: 'not_found' });
    expect(await service.awaitingApproval(stranger)).toEqual([]);
    expect(await service.organizations(stranger)).toEqual([]);
  });

  it('gives up an approval whose assignment never recorded an outcome, so approvers can retry it', async () => {
    const { service, repository, audit } = await open(createSandboxBackend({ storage: new MemoryStorage(), seed: loadSandboxSeed() }));
    const submitted = await service.submit(megan, draft(['leeg@example.com']));
    if (submitted.kind !== 'submitted') throw new Error(submitted.kind);
    // What a crash between the approval and its outcome leaves behind.
    const stored = await repository.get(submitted.request.id);
    if (!stored) throw new Error('missing');
    await repository.replace({ ...stored.request, status: 'approved', version: 2, updatedAt: clock.toISOString(), decision: { by: alex, at: clock.toISOString() } }, stored.eTag);

    expect((await service.processDue()).interrupted).toEqual([]);
    clock = new Date(clock.getTime() + 11 * 60_000);
    const due = await service.processDue();
    expect(due.interrupted.map((request) => request.status)).toEqual(['assignment_failed']);
    const retried = await service.retry(patti, submitted.request.id, 3);
    expect(retried).toMatchObject({ kind: 'done', request: { status: 'assigned' } });
    const actions = ((await audit.readAll()) as SeatRequestAuditRecord[]).map((record) => record.action);
    expect(actions).toEqual(['seat.requested', 'seat.assignment_failed', 'seat.retried', 'seat.assigned']);
  });

  it('does not call a click stale when only a posted card was recorded meanwhile', async () => {
    const { service } = await open(createSandboxBackend({ storage: new MemoryStorage(), seed: loadSandboxSeed() }));
    const submitted = await service.submit(megan, draft(['leeg@example.com']));
    if (submitted.kind !== 'submitted') throw new Error(submitted.kind);
    const [outcome] = await Promise.all([
      service.approve(alex, submitted.request.id, 1),
      service.recordCards(submitted.request.id, [{ conversationId: 'c', activityId: 'a' }]),
    ]);
    expect(outcome).toMatchObject({ kind: 'done', request: { status: 'assigned' } });
  });

  it('refuses a rejection reason that is too long instead of cutting it', async () => {
    const { service } = await open(createSandboxBackend({ storage: new MemoryStorage(), seed: loadSandboxSeed() }));
    const submitted = await service.submit(megan, draft(['leeg@example.com']));
    if (submitted.kind !== 'submitted') throw new Error(submitted.kind);
    expect(await service.reject(alex, submitted.request.id, 1, 'x'.repeat(501))).toMatchObject({ kind: 'invalid', message: expect.stringContaining('under 500') });
    expect((await service.get(megan, submitted.request.id))?.status).toBe('pending');
  });

  it('lets a configured approver who is not an administrator assign with the bot identity (REST over the fake server)', async () => {
    const fake = await startFakeAzure(loadSandboxSeed());
    try {
      const adele: Caller = { aadObjectId: '00000000-0000-0000-0000-0000000000022', tenantId, displayName: 'Adele Vance' };
      const bot = fakeCredentialFor(alex);
      const backend = createRestBackend({ ...fake.backendOptions(), credential: () => bot, actsAsCaller: () => false, approverIds: [adele.aadObjectId] });
      const { service } = await open(backend, [adele.aadObjectId]);
      const submitted = await service.submit(megan, draft(['leeg@example.com']));
      if (submitted.kind !== 'submitted') throw new Error(JSON.stringify(submitted));
      expect(await service.approve(adele, submitted.request.id, 1)).toMatchObject({ kind: 'done', request: { status: 'assigned' } });
    } finally {
      await fake.close();
    }
  });

  it('refuses to file a request whose monthly figure is no longer the one the requester saw', async () => {
    const { service } = await open(createSandboxBackend({ storage: new MemoryStorage(), seed: loadSandboxSeed() }));
    const result = await service.submit(megan, draft(['leeg@example.com']), { monthlyDelta: 1 });
    expect(result).toMatchObject({ kind: 'repriced', preview: { cost: { monthlyDelta: 52 } } });
  });
});
