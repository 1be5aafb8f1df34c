import { afterEach, describe, expect, it } from '@jest/globals';
import { MemoryStorage } from 'botbuilder';
import type { AzureBackend } from '../../src/azure/ports.js';
import { createRestBackend } from '../../src/azure/rest/backend.js';
import { createSandboxBackend, loadSandboxSeed } from '../../src/azure/sandbox/sandboxBackend.js';
import type { SeatRequestAuditRecord } from '../../src/services/audit.js';
import { cardBytes, cardProblems } from '../support/adaptiveCards.js';
import { playground } from '../support/botClient.js';
import { findIn } from '../support/cardSearch.js';
import type { ConnectorCall } from '../support/fakeConnector.js';
import { startFakeAzure, type FakeAzure } from '../support/fakeAzure/server.js';
import { levelIn, storedSandboxTenant } from '../support/tenantLevels.js';
import { invokeOver, sayOver, startTestApp, type RunningApp } from '../support/testApp.js';

const { alex, patti } = playground;
const contosoWeb = { id: '92ed1254-d205-48e1-b839-9fac3e829e8b', name: 'contoso-web' };
/** The sandbox's sign-in dates are fixed; the sweep is run as of this moment. */
const now = new Date('2026-11-30T12:00:00.000Z');

type Json = Record<string, unknown>;

interface Started {
  running: RunningApp;
  fake?: FakeAzure;
  levelOf(principal: string): Promise<string | undefined>;
}

interface Setup {
  name: string;
  start(): Promise<Started>;
}

const setups: Setup[] = [
  {
    name: 'sandbox',
    async start() {
      const running = await startTestApp({}, { now: () => now });
      return {
        running,
        levelOf: async (principal) => levelIn(await storedSandboxTenant(running.storageDir), contosoWeb.id, principal),
      };
    },
  },
  {
    name: 'REST over the fake Azure DevOps server, 3 user entitlements a page',
    async start() {
      const fake = await startFakeAzure(loadSandboxSeed(), { pageSize: 3 });
      const backend: AzureBackend = createRestBackend(fake.backendOptions());
      const running = await startTestApp({}, { backend, now: () => now });
      return {
        running,
        fake,
        levelOf: async (principal) => levelIn(fake.snapshot(), contosoWeb.id, principal),
      };
    },
  },
];

const cardsIn = (calls: ConnectorCall[]): Json[] =>
  calls.flatMap((call) => ((call.body.attachments as Array<{ content: Json }> | undefined) ?? []).map((attachment) => attachment.content));

const texts = (calls: ConnectorCall[]): string => calls.map((call) => String(call.body.text ?? '')).join('\n');

function expectValid(card: unknown): void {
  expect(cardProblems(card as Json)).toEqual([]);
  expect(cardBytes(card as Json)).toBeLessThanOrEqual(28 * 1024);
}

describe.each(setups)('cost sweep over HTTP ($name)', (setup) => {
  let started: Started | undefined;
  afterEach(async () => {
    await started?.running.stop();
    await started?.fake?.close();
  });

  it('sweep → keep one → request → approve → levels changed → saving reported → audit complete', async () => {
    started = await setup.start();
    const { running, fake } = started;
    await sayOver(running, 'hi', patti, 'personal-patti');

    const listedBefore = fake?.requests.filter((request) => request.method === 'GET' && /contoso-web\/_apis\/userentitlements$/i.test(request.path)).length ?? 0;
    const sweep = await sayOver(running, 'cost sweep for contoso-web inactive 10 days', alex, 'personal-alex');
    const [card] = cardsIn(sweep);
    expect(card).toBeDefined();
    expectValid(card);
    const shown = JSON.stringify(card);
    expect(shown).toContain('Cost sweep: contoso-web');
    expect(shown).toContain('Grady Archie (gradya@example.com)');
    expect(shown).toContain('last signed in 2026-06-02 (181 days ago)');
    expect(shown).toContain('saves about $12 a month');
    // Left out with the reason: the Visual Studio subscribers, and the inactive people the free Basic users cover.
    expect(shown).toMatch(/\*\*Visual Studio \(1\)\*\*: Basic \+ Test Plans is paid by the user's Visual Studio Enterprise subscription[^"]*Isaiah Langer/);
    expect(shown).toMatch(/\*\*free Basic users \(2\)\*\*: [^"]*fits in the 5 free Basic users[^"]*Diego Siciliani, Patti Fernandez/);
    if (fake) {
      // Every page of user entitlements was read, following the continuation tokens.
      const pages = fake.requests.filter((request) => request.method === 'GET' && /contoso-web\/_apis\/userentitlements$/i.test(request.path)).slice(listedBefore);
      expect(pages.length).toBeGreaterThanOrEqual(4);
      expect(pages.filter((request) => request.query.continuationToken).length).toBeGreaterThanOrEqual(3);
    }

    const toggles = findIn(card, (record) => record.type === 'Input.Toggle');
    expect(toggles.map((toggle) => toggle.id)).toEqual(['keep:gradya@example.com', 'keep:johannal@example.com']);
    const downgrade = findIn(card, (record) => record.type === 'Action.Execute' && record.verb === 'costSweep/downgrade')[0];
    expect(downgrade?.title).toBe('Downgrade 2 to Stakeholder');

    // Keep Johanna: the update shows the smaller saving, then Downgrade asks for Grady only.
    const update = findIn(card, (record) => record.type === 'Action.Execute' && record.title === 'Update saving')[0];
    const updated = await invokeOver(running, 'costSweep/page', { ...(update?.data as Json), 'keep:gradya@example.com': 'false', 'keep:johannal@example.com': 'true' }, alex, 'personal-alex');
    expect(updated.status).toBe(200);
    expectValid(updated.body.value);
    expect(JSON.stringify(updated.body.value)).toContain('Chosen (1 kept)');
    expect(JSON.stringify(updated.body.value)).toMatch(/"1: saves about \$6 a month"/);
    const keptToggle = findIn(updated.body.value, (record) => record.id === 'keep:johannal@example.com')[0];
    expect(keptToggle?.value).toBe('true');

    const before = running.connector.calls.length;
    const requestData = findIn(updated.body.value, (record) => record.verb === 'costSweep/downgrade')[0]?.data as Json;
    const requested = await invokeOver(running, 'costSweep/downgrade', { ...requestData, 'keep:gradya@example.com': 'false', 'keep:johannal@example.com': 'true' }, alex, 'personal-alex');
    expect(requested.status).toBe(200);
    expectValid(requested.body.value);
    const answer = JSON.stringify(requested.body.value);
    expect(answer).toContain('Request 1 is waiting for approval; nothing is assigned until an approver agrees.');
    expect(answer).toContain('already in downgrade request 1');
    expect(findIn(requested.body.value, (record) => record.verb === 'costSweep/downgrade')).toEqual([]);
    expect(await started.levelOf('gradya@example.com')).toBe('express');

    const approvalPosts = running.connector.calls
      .slice(before)
      .filter((call) => call.method === 'POST' && call.path.startsWith('/v3/conversations/personal-patti/activities'));
    expect(approvalPosts).toHaveLength(1);
    const [approvalCard] = cardsIn(approvalPosts);
    expectValid(approvalCard);
    const approvalText = JSON.stringify(approvalCard);
    expect(approvalText).toContain('Downgrade request 1: Stakeholder for 1 person');
    expect(approvalText).toContain('Grady Archie (gradya@example.com)');
    expect(approvalText).toContain('Basic → Stakeholder, -$6 a month');
    expect(approvalText).not.toContain('johannal@example.com');

    const approve = findIn(approvalCard, (record) => record.type === 'Action.Execute' && record.title === 'Approve')[0];
    const afterRequest = running.connector.calls.length;
    const approved = await invokeOver(running, 'seatRequests/approve', approve?.data, patti, 'personal-patti');
    expect(approved.status).toBe(200);
    const approvedText = JSON.stringify(approved.body.value);
    expect(approvedText).toContain('Approved and assigned');
    expect(approvedText).toContain('Lowered to Stakeholder.');
    // The saving is reported on the card every approver sees, and to the requester.
    expect(approvedText).toMatch(/"Monthly saving","value":"-\$6 \(estimate\)"/);
    expect(await started.levelOf('gradya@example.com')).toBe('stakeholder');
    expect(await started.levelOf('johannal@example.com')).toBe('express');
    const told = running.connector.calls.slice(afterRequest).filter((call) => call.path.startsWith('/v3/conversations/personal-alex/activities'));
    expect(texts(told)).toContain('Patti Fernandez approved your seat request 1');

    const records = (await running.app.audit.readAll()) as SeatRequestAuditRecord[];
    expect(records.map((record) => [record.action, record.statusBefore, record.statusAfter, record.level, record.people, record.monthlyDelta, record.actor.displayName])).toEqual([
      ['seat.requested', null, 'pending', 'Stakeholder', ['gradya@example.com'], -6, 'Alex Wilber'],
      ['seat.approved', 'pending', 'approved', 'Stakeholder', ['gradya@example.com'], -6, 'Patti Fernandez'],
      ['seat.assigned', 'approved', 'assigned', 'Stakeholder', ['gradya@example.com'], -6, 'Patti Fernandez'],
    ]);

    // Swept again: Grady is gone, Johanna is still a candidate; and Grady can be restored through a new request.
    const again = JSON.stringify(cardsIn(await sayOver(running, 'cost sweep for contoso-web inactive 10 days', alex, 'personal-alex')));
    expect(again).not.toContain('keep:gradya@example.com');
    expect(again).toContain('keep:johannal@example.com');
    const restored = texts(await sayOver(running, 'restore request 1', alex, 'personal-alex'));
    expect(restored).toContain('Basic for 1: Request 2 is waiting for approval');
  });
});

describe('cost sweep: bad input gets a sentence saying what to do', () => {
  let running: RunningApp | undefined;
  afterEach(async () => running?.stop());

  it.each([
    ['cost sweep for nowhere-org', /You do not administer an organization called "nowhere-org"\. Type one of: \*\*cost sweep for contoso-web\*\*/],
    ['cost sweep for contoso-web inactive sixty days', /"sixty" is not a number of days/],
    ['cost sweep for contoso-web inactive 5000 days', /whole number of days from 1 to 3650/],
    ['cost sweep', /Which organization should I sweep\? Type one of: .*\*\*cost sweep for contoso-web\*\*/],
    ['restore request 99', /I have no request 99/],
  ])('%s', async (typed, expected) => {
    running = await startTestApp({}, { now: () => now });
    const reply = await sayOver(running, typed, alex, 'personal-alex');
    expect(texts(reply)).toMatch(expected);
  });

  it('says so when nobody is inactive, and offers no Downgrade button', async () => {
    running = await startTestApp({}, { now: () => now });
    const [card] = cardsIn(await sayOver(running, 'cost sweep for contoso-web inactive 365 days', alex, 'personal-alex'));
    expectValid(card);
    expect(JSON.stringify(card)).toContain('Nobody in contoso-web holds a paid access level');
    expect(findIn(card, (record) => record.type === 'Action.Execute')).toEqual([]);
  });

  it('refuses to downgrade when everyone is kept, and changes nothing', async () => {
    running = await startTestApp({}, { now: () => now });
    const [card] = cardsIn(await sayOver(running, 'cost sweep for contoso-web inactive 10 days', alex, 'personal-alex'));
    const data = findIn(card, (record) => record.verb === 'costSweep/downgrade')[0]?.data as Json;
    const kept = await invokeOver(running, 'costSweep/downgrade', { ...data, 'keep:gradya@example.com': 'true', 'keep:johannal@example.com': 'true' }, alex, 'personal-alex');
    expect(kept.status).toBe(200);
    expect(JSON.stringify(kept.body.value)).toContain('Everyone is kept or already in a downgrade request, so I asked for nothing.');
    expect(await running.app.audit.readAll()).toEqual([]);
  });

  it('answers a card for an organization the clicker does not administer with 404', async () => {
    running = await startTestApp({}, { now: () => now });
    const response = await invokeOver(running, 'costSweep/page', { organizationId: 'not-mine', inactiveDays: 30, page: 0 }, alex, 'personal-alex');
    expect(response.status).toBe(404);
  });

  it.each(['reduce our Azure DevOps bill', 'who is inactive?'])('"%s" starts a sweep', async (typed) => {
    running = await startTestApp({}, { now: () => now });
    expect(texts(await sayOver(running, typed, alex, 'personal-alex'))).toMatch(/Which organization should I sweep\?/);
  });
});

describe('cost sweep: stale clicks and forged card data', () => {
  let running: RunningApp | undefined;
  afterEach(async () => running?.stop());

  const requestedPeople = async (app: RunningApp): Promise<string[]> =>
    ((await app.app.audit.readAll()) as SeatRequestAuditRecord[]).filter((record) => record.action === 'seat.requested').flatMap((record) => record.people).sort();

  it('a Downgrade clicked after someone else crossed the inactivity line asks only for the people the card showed', async () => {
    let clock = now;
    running = await startTestApp({}, { now: () => clock });
    const [card] = cardsIn(await sayOver(running, 'cost sweep for contoso-web inactive 10 days', alex, 'personal-alex'));
    const downgrade = findIn(card, (record) => record.verb === 'costSweep/downgrade')[0];
    expect(downgrade?.title).toBe('Downgrade 2 to Stakeholder');
    const shown = findIn(card, (record) => record.type === 'Input.Toggle').map((toggle) => String(toggle.id).slice('keep:'.length));
    expect(shown).toEqual(['gradya@example.com', 'johannal@example.com']);

    // Two days later Lynne (Basic + Test Plans, last signed in 2026-11-21) crosses the 10-day line; the admin
    // clicks the button of the card they read, which said "Downgrade 2".
    clock = new Date('2026-12-02T14:00:00.000Z');
    const clicked = await invokeOver(running, 'costSweep/downgrade', downgrade?.data, alex, 'personal-alex');
    expect(clicked.status).toBe(200);
    expect(await requestedPeople(running)).toEqual(shown);
    // The answer is the fresh card, where Lynne is now listed and can still be asked for.
    expect(JSON.stringify(clicked.body.value)).toContain('Downgrade 1 to Stakeholder');
  });

  it('asks for nobody when someone the card showed is no longer a candidate, and shows the list as it is now', async () => {
    running = await startTestApp({}, { now: () => now });
    const [card] = cardsIn(await sayOver(running, 'cost sweep for contoso-web inactive 10 days', alex, 'personal-alex'));
    const data = findIn(card, (record) => record.verb === 'costSweep/downgrade')[0]?.data as Json;
    // A card swept with other candidates: its fingerprint names a set the fresh sweep does not find.
    const clicked = await invokeOver(running, 'costSweep/downgrade', { ...data, shown: 'a-card-of-other-people' }, alex, 'personal-alex');
    expect(clicked.status).toBe(200);
    expectValid(clicked.body.value);
    expect(JSON.stringify(clicked.body.value)).toContain('The inactive people changed since this card was shown, so I asked for nobody.');
    expect(await requestedPeople(running)).toEqual([]);
  });

  const unknownPeople = Array.from({ length: 2000 }, (_, index) => `nobody${index}.someone.else@unknown-company.example.com`).join('\n');
  const forged: Array<[string, string, (data: Json) => Json, number, RegExp]> = [
    ['a negative inactivity period', 'costSweep/page', (data) => ({ ...data, inactiveDays: -5 }), 400, /whole number of days from 1 to 3650/],
    ['a page far past the end', 'costSweep/page', (data) => ({ ...data, page: 10_000 }), 200, /Cost sweep: contoso-web/],
    ['2000 kept people nobody on the card is', 'costSweep/page', (data) => ({ ...data, keptElsewhere: unknownPeople }), 200, /Cost sweep: contoso-web/],
    ['2000 kept people nobody on the card is, on Downgrade', 'costSweep/downgrade', (data) => ({ ...data, keptElsewhere: unknownPeople }), 200, /Request 1 is waiting for approval/],
    ['a kept text longer than any real card sends', 'costSweep/page', (data) => ({ ...data, keptElsewhere: 'x'.repeat(400_001) }), 400, /damaged or out of date/],
    ['a Downgrade without the shown candidates', 'costSweep/downgrade', ({ shown: _, ...data }) => data, 400, /damaged or out of date/],
  ];

  it.each(forged)('answers forged card data (%s) with a card or a polite refusal, never a server fault', async (_, verb, forge, status, said) => {
    running = await startTestApp({}, { now: () => now });
    const [card] = cardsIn(await sayOver(running, 'cost sweep for contoso-web inactive 10 days', alex, 'personal-alex'));
    const data = findIn(card, (record) => record.verb === verb)[0]?.data as Json;
    const answered = await invokeOver(running, verb, forge(data), alex, 'personal-alex');
    expect(answered.status).toBe(status);
    const text = JSON.stringify(answered.body);
    expect(text).toMatch(said);
    // The turn error handler's card is what a crash looks like to the admin.
    expect(text).not.toContain('Sorry, something went wrong');
  });
});

describe('cost sweep: an organization with hundreds of inactive people', () => {
  let running: RunningApp | undefined;
  afterEach(async () => running?.stop());

  /** The sandbox with 300 more Basic users in contoso-web, none signed in since June: keeping them all is over 28 KB. */
  const bigOrganization = () => {
    const seed = loadSandboxSeed();
    const tenantId = seed.users[0]?.tenantId ?? '';
    const names = Array.from({ length: 300 }, (_, index) => `firstname.lastname${String(index).padStart(4, '0')}@contoso-engineering.com`);
    names.forEach((principalName, index) => {
      const aadObjectId = `10000000-0000-4000-8000-${String(index).padStart(12, '0')}`;
      seed.users.push({ aadObjectId, displayName: `Firstname Lastname ${index}`, principalName, tenantId, kind: 'user' });
      seed.organizations
        .find((organization) => organization.id === contosoWeb.id)
        ?.entitlements.push({ userAadObjectId: aadObjectId, accountLicenseType: 'express', licensingSource: 'account', msdnLicenseType: 'none', assignmentSource: 'unknown', status: 'active', lastAccessedDate: '2026-06-01T00:00:00.000Z' });
    });
    return { backend: createSandboxBackend({ storage: new MemoryStorage(), seed }), names };
  };

  it.each(['costSweep/page', 'costSweep/downgrade'])('answers %s with a message, and files nothing, when the people kept would not fit on a card', async (verb) => {
    const { backend, names } = bigOrganization();
    running = await startTestApp({}, { backend, now: () => now });
    const [card] = cardsIn(await sayOver(running, 'cost sweep for contoso-web inactive 10 days', alex, 'personal-alex'));
    expectValid(card);
    const data = findIn(card, (record) => record.verb === verb)[0]?.data as Json;
    const answered = await invokeOver(running, verb, { ...data, keptElsewhere: names.join('\n') }, alex, 'personal-alex');
    expect(answered.status).toBe(200);
    expect(answered.body.type).toBe('application/vnd.microsoft.activity.message');
    expect(String(answered.body.value)).toContain('You keep more people than one card can list');
    expect(await running.app.audit.readAll()).toEqual([]);
  });
});
