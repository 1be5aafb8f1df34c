import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { MemoryStorage } from 'botbuilder';
import type { AzureBackend, Caller, UserEntitlement } from '../../src/azure/ports.js';
import { createSandboxBackend, loadSandboxSeed } from '../../src/azure/sandbox/sandboxBackend.js';
import { createLogger } from '../../src/logger.js';
import { CostSweepService } from '../../src/services/costSweep.js';
import { SeatRequestService, type SeatRequestDraft } from '../../src/services/seatRequests.js';
import { JsonLinesAuditLog } from '../../src/storage/auditLog.js';
import { JsonSeatRequestRepository } from '../../src/storage/seatRequestStore.js';
import { playground } from '../support/botClient.js';

const tenantId = playground.tenantId;
const alex: Caller = { aadObjectId: playground.alex.aadObjectId, tenantId, displayName: 'Alex Wilber' };
const megan: Caller = { aadObjectId: playground.megan.aadObjectId, tenantId, displayName: 'Megan Bowen' };
/** Patti Fernandez, the other Project Collection Administrator of contoso-web. */
const patti: Caller = { aadObjectId: '00000000-0000-0000-0000-0000000000024', tenantId, displayName: 'Patti Fernandez' };
const contosoWeb = { id: '92ed1254-d205-48e1-b839-9fac3e829e8b', name: 'contoso-web' };

const downgrade = (principalNames: string[]): SeatRequestDraft => ({
  organization: contosoWeb,
  principalNames,
  level: 'stakeholder',
  justification: 'cost sweep',
  kind: 'downgrade',
});
const purchase = (principalNames: string[]): SeatRequestDraft => ({
  organization: contosoWeb,
  principalNames,
  level: 'basicTestPlans',
  justification: 'release testing',
});

/**
 * A backend whose listing can be rewritten after the request was raised (a Visual Studio subscription, a group rule
 * or a sign-in appeared), and that records every access-level change an approval makes.
 */
function mutableBackend(backend: AzureBackend) {
  const changed: string[] = [];
  let rewrite: (entitlement: UserEntitlement) => UserEntitlement = (entitlement) => entitlement;
  const devops = Object.create(backend.devops) as AzureBackend['devops'];
  devops.listUserEntitlements = async (caller, organization, purpose) =>
    (await backend.devops.listUserEntitlements(caller, organization, purpose)).map((entitlement) => rewrite(entitlement));
  devops.changeAccessLevel = async (caller, organization, userId, level) => {
    const user = (await backend.devops.listUserEntitlements(caller, organization)).find((entry) => entry.id === userId);
    changed.push(`${user?.principalName ?? userId} -> ${level.accountLicenseType}`);
    return backend.devops.changeAccessLevel(caller, organization, userId, level);
  };
  return {
    backend: { ...backend, devops },
    changed,
    setRewrite(next: (entitlement: UserEntitlement) => UserEntitlement) {
      rewrite = next;
    },
  };
}

const only = (principalName: string, becomes: (entitlement: UserEntitlement) => UserEntitlement) => (entitlement: UserEntitlement) =>
  entitlement.principalName === principalName ? becomes(entitlement) : entitlement;

/** What may happen to a person between the sweep and the approval that makes lowering them wrong. */
const changesSinceTheSweep: Array<[string, (entitlement: UserEntitlement) => UserEntitlement, RegExp]> = [
  [
    'a Visual Studio Enterprise subscription now pays for them',
    (entitlement) => ({
      ...entitlement,
      accessLevel: { ...entitlement.accessLevel, accountLicenseType: 'advanced', licensingSource: 'msdn', msdnLicenseType: 'enterprise' },
    }),
    /Visual Studio/,
  ],
  ['a group rule now gives them their level', (entitlement) => ({ ...entitlement, accessLevel: { ...entitlement.accessLevel, assignmentSource: 'groupRule' } }), /group rule/],
  // Back from leave: signed in an hour before the approval; the sweep had seen June as their last sign-in.
  ['they signed in again', (entitlement) => ({ ...entitlement, lastAccessedDate: '2026-11-10T08:00:00.000Z' }), /Signed in again on 2026-11-10 08:00 UTC/],
];

describe('SeatRequestService, a downgrade approved on current facts', () => {
  let dir: string;
  const clock = new Date('2026-11-10T09:00:00.000Z');
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'downgrade-approval-'));
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  const open = async (backend = createSandboxBackend({ storage: new MemoryStorage(), seed: loadSandboxSeed() }), now = clock) => {
    const mutable = mutableBackend(backend);
    const service = new SeatRequestService({
      backend: mutable.backend,
      repository: await JsonSeatRequestRepository.open(dir),
      audit: new JsonLinesAuditLog(join(dir, 'audit.jsonl')),
      logger: createLogger('silent'),
      now: () => now,
      settings: { approverIds: [], remindAfterMs: 3_600_000, expireAfterMs: 86_400_000 },
    });
    return { service, ...mutable };
  };

  it.each(changesSinceTheSweep)('lowers nobody and says why when %s (the only person of the request)', async (_, becomes, why) => {
    const { service, changed, setRewrite } = await open();
    const submitted = await service.submit(alex, downgrade(['gradya@example.com']));
    if (submitted.kind !== 'submitted') throw new Error(submitted.kind);

    setRewrite(only('gradya@example.com', becomes));
    const outcome = await service.approve(patti, submitted.request.id, submitted.request.version);

    expect(changed).toEqual([]);
    expect(outcome).toMatchObject({ kind: 'invalid', request: { status: 'pending' } });
    expect(outcome.kind === 'invalid' && outcome.message).toMatch(why);
  });

  it.each(changesSinceTheSweep)('asks the approver to confirm the smaller request when %s (one of two people)', async (_, becomes) => {
    const { service, changed, setRewrite } = await open();
    const submitted = await service.submit(alex, downgrade(['gradya@example.com', 'johannal@example.com']));
    if (submitted.kind !== 'submitted') throw new Error(submitted.kind);

    setRewrite(only('gradya@example.com', becomes));
    const repriced = await service.approve(patti, submitted.request.id, submitted.request.version);
    if (repriced.kind !== 'repriced') throw new Error(`expected a repriced request, got ${repriced.kind}`);
    expect(repriced.request.people.map((seat) => seat.principalName)).toEqual(['johannal@example.com']);
    expect(changed).toEqual([]);

    const approved = await service.approve(patti, submitted.request.id, repriced.request.version);
    expect(approved).toMatchObject({ kind: 'done', request: { status: 'assigned' } });
    expect(changed).toEqual(['johannal@example.com -> stakeholder']);
  });

  it('records each person\'s last sign-in on the request, as the check at approval compares it', async () => {
    const { service } = await open();
    const submitted = await service.submit(alex, downgrade(['gradya@example.com']));
    if (submitted.kind !== 'submitted') throw new Error(submitted.kind);
    expect(submitted.request.people).toEqual([expect.objectContaining({ principalName: 'gradya@example.com', lastAccessedDate: '2026-06-02T11:20:00.000Z' })]);
  });

  it('prices the downgrade request on the same multi-organization bill as the sweep card', async () => {
    // contoso-mobile joins contoso-web on the Pay-As-You-Go subscription, which uses multi-organization billing:
    // the free Basic users are shared and a person is paid once across both.
    const seed = loadSandboxSeed();
    const mobile = seed.organizations.find((organization) => organization.name === 'contoso-mobile');
    if (!mobile) throw new Error('the sandbox seed has no contoso-mobile');
    mobile.billing = { subscriptionId: '744ebfcf-f5ce-46de-95c2-b0c7a2335015', linkedAt: '2025-11-03T09:12:00.000Z' };
    const backend = createSandboxBackend({ storage: new MemoryStorage(), seed });
    const monthEnd = new Date('2026-11-30T12:00:00.000Z');
    const { service } = await open(backend, monthEnd);

    const review = await new CostSweepService({ backend, now: () => monthEnd }).review(alex, { organization: contosoWeb, inactiveDays: 10, keep: [] });
    expect(review.chosen.length).toBeGreaterThan(0);
    const preview = await service.preview(alex, downgrade(review.chosen));
    if (preview.kind !== 'preview') throw new Error(preview.kind);
    expect(preview.preview.cost.monthlyDelta).toBe(review.chosenEstimate?.monthlyDelta);
    // Alone, contoso-web would save a different amount: the shared bill is what makes them agree.
    const alone = await (await open(undefined, monthEnd)).service.preview(alex, downgrade(review.chosen));
    if (alone.kind !== 'preview') throw new Error(alone.kind);
    expect(alone.preview.cost.monthlyDelta).not.toBe(preview.preview.cost.monthlyDelta);
  });
});

describe('SeatRequestService, one open request per person pulling their level', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'open-requests-'));
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  const open = async () =>
    new SeatRequestService({
      backend: createSandboxBackend({ storage: new MemoryStorage(), seed: loadSandboxSeed() }),
      repository: await JsonSeatRequestRepository.open(dir),
      audit: new JsonLinesAuditLog(join(dir, 'audit.jsonl')),
      logger: createLogger('silent'),
      now: () => new Date('2026-11-10T09:00:00.000Z'),
      settings: { approverIds: [], remindAfterMs: 3_600_000, expireAfterMs: 86_400_000 },
    });

  const conflicts: Array<[string, SeatRequestDraft, Caller, SeatRequestDraft, Caller, RegExp]> = [
    ['a downgrade while a purchase is open', purchase(['gradya@example.com']), megan, downgrade(['gradya@example.com']), alex, /Request 1, still open, already gives them Basic \+ Test Plans/],
    ['a purchase while a downgrade is open', downgrade(['gradya@example.com']), alex, purchase(['gradya@example.com']), megan, /Request 1, still open, already lowers them to Stakeholder/],
    ['a second downgrade while the first is open', downgrade(['gradya@example.com']), alex, downgrade(['gradya@example.com']), patti, /Request 1, still open, already lowers them to Stakeholder/],
  ];

  it.each(conflicts)('files nothing for %s, and names the open request', async (_, first, firstBy, second, secondBy, why) => {
    const service = await open();
    expect((await service.submit(firstBy, first)).kind).toBe('submitted');
    const refused = await service.submit(secondBy, second);
    expect(refused).toMatchObject({ kind: 'nothing_to_do' });
    expect(refused.kind === 'nothing_to_do' && refused.unchanged.map((person) => person.why).join(' ')).toMatch(why);
  });

  it.each(conflicts)('files exactly one when %s is asked for at the same moment', async (_, first, firstBy, second, secondBy) => {
    const service = await open();
    const submitted = await Promise.all([service.submit(firstBy, first), service.submit(secondBy, second)]);
    expect(submitted.map((result) => result.kind).sort()).toEqual(['nothing_to_do', 'submitted']);
  });

  it('does not raise a second restore request while the first is still open, and says which one is', async () => {
    const service = await open();
    const lowered = await service.submit(alex, downgrade(['gradya@example.com']));
    if (lowered.kind !== 'submitted') throw new Error(lowered.kind);
    expect(await service.approve(patti, lowered.request.id, 1)).toMatchObject({ kind: 'done', request: { status: 'assigned' } });

    const first = await service.restore(alex, lowered.request.number);
    if (first.kind !== 'drafts') throw new Error(first.kind);
    const raised = await service.submit(alex, first.drafts[0]!);
    expect(raised).toMatchObject({ kind: 'submitted', request: { number: 2, people: [{ principalName: 'gradya@example.com' }] } });

    expect(await service.restore(alex, lowered.request.number)).toEqual({
      kind: 'nothing_to_restore',
      message: 'Restoring is already asked for, still open: gradya@example.com in request 2.',
    });
  });
});
