import { afterEach, describe, expect, it } from '@jest/globals';
import type { AzureBackend } from '../../src/azure/ports.js';
import { createRestBackend } from '../../src/azure/rest/backend.js';
import { loadSandboxSeed } from '../../src/azure/sandbox/sandboxBackend.js';
import type { SeatRequestAuditRecord } from '../../src/services/audit.js';
import { cardBytes, cardProblems } from '../support/adaptiveCards.js';
import { playground } from '../support/botClient.js';
import type { ConnectorCall } from '../support/fakeConnector.js';
import { startFakeAzure, type FakeAzure } from '../support/fakeAzure/server.js';
import { levelIn, storedSandboxTenant } from '../support/tenantLevels.js';
import { invokeOver, sayOver, startTestApp, type RunningApp } from '../support/testApp.js';
import { findIn } from '../support/cardSearch.js';

const { patti } = playground;
const contosoWeb = { id: '92ed1254-d205-48e1-b839-9fac3e829e8b', name: 'contoso-web' };

type Json = Record<string, unknown>;

const find = findIn;

interface Setup {
  name: string;
  start(): Promise<{ running: RunningApp; fake?: FakeAzure; levelOf(principal: string): Promise<string | undefined> }>;
}

const setups: Setup[] = [
  {
    name: 'sandbox',
    async start() {
      const running = await startTestApp();
      return {
        running,
        levelOf: async (principal) => levelIn(await storedSandboxTenant(running.storageDir), contosoWeb.id, principal),
      };
    },
  },
  {
    name: 'REST over the fake Azure DevOps server',
    async start() {
      const fake = await startFakeAzure(loadSandboxSeed());
      const backend: AzureBackend = createRestBackend(fake.backendOptions());
      const running = await startTestApp({}, { backend });
      return {
        running,
        fake,
        levelOf: async (principal) => levelIn(fake.snapshot(), contosoWeb.id, principal),
      };
    },
  },
];

describe.each(setups)('seat approvals over HTTP ($name)', (setup) => {
  let started: Awaited<ReturnType<Setup['start']>> | undefined;
  afterEach(async () => {
    await started?.running.stop();
    await started?.fake?.close();
  });

  const say = sayOver;
  const invoke = invokeOver;

  /** Alex and Patti (PCAs of contoso-web) have chatted with the bot; Megan asks for two seats and sends the request. */
  async function submitRequest(running: RunningApp): Promise<{ approvalCards: ConnectorCall[]; reply: ConnectorCall[] }> {
    await say(running, 'hi', playground.alex, 'personal-alex');
    await say(running, 'hi', patti, 'personal-patti');
    const preview = await say(running, 'request Basic + Test Plans for leeg@example.com and lidiah@example.com in contoso-web', playground.megan, 'personal-megan');
    const text = JSON.stringify(preview);
    expect(text).toContain('Request Basic + Test Plans in contoso-web?');
    expect(text).toMatch(/Estimate: \+\$104 a month/);
    const send = find(preview, (record) => record.type === 'Action.Submit' && record.title === 'Send for approval')[0]?.data;
    const before = running.connector.calls.length;
    const reply = await say(running, undefined, playground.megan, 'personal-megan', send);
    const approvalCards = running.connector.calls
      .slice(before)
      .filter((call) => call.method === 'POST' && /\/v3\/conversations\/personal-(alex|patti)\/activities(\/[^/]+)?$/.test(call.path));
    return { approvalCards, reply };
  }

  it('request → preview → submit → approver card → approve → assigned → requester told → every copy updated → audited', async () => {
    started = await setup.start();
    const { running } = started;
    const { approvalCards, reply } = await submitRequest(running);
    expect(JSON.stringify(reply)).toContain('Request 1 is waiting for approval');
    expect(approvalCards).toHaveLength(2);
    for (const call of approvalCards) {
      const card = (call.body.attachments as Array<{ content: Json }>)[0]?.content ?? {};
      expect(cardProblems(card)).toEqual([]);
      expect(cardBytes(card)).toBeLessThanOrEqual(28 * 1024);
    }
    const approve = find(approvalCards[0]?.body, (record) => record.type === 'Action.Execute' && record.title === 'Approve')[0];
    expect(approve?.data).toEqual({ requestId: expect.any(String), version: 1 });

    const before = running.connector.calls.length;
    const approved = await invoke(running, 'seatRequests/approve', approve?.data, playground.alex, 'personal-alex');
    expect(approved.status).toBe(200);
    expect(approved.body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(JSON.stringify(approved.body.value)).toContain('Approved and assigned');
    expect(await started.levelOf('leeg@example.com')).toBe('advanced');
    expect(await started.levelOf('lidiah@example.com')).toBe('advanced');

    const after = running.connector.calls.slice(before);
    const updates = after.filter((call) => call.method === 'PUT');
    expect(updates.map((call) => call.path).sort()).toEqual([
      expect.stringMatching(/^\/v3\/conversations\/personal-alex\/activities\/activity-\d+$/),
      expect.stringMatching(/^\/v3\/conversations\/personal-patti\/activities\/activity-\d+$/),
    ]);
    for (const update of updates) {
      expect(JSON.stringify(update.body)).toContain('Approved and assigned');
      expect(find(update.body, (record) => record.type === 'Action.Execute')).toEqual([]);
    }
    // A proactive message goes out as a reply to the continuation event botbuilder makes up; Teams shows it as new.
    const told = after.find((call) => call.method === 'POST' && call.path.startsWith('/v3/conversations/personal-megan/activities'));
    expect(told?.body.text).toContain('Alex Wilber approved your seat request 1');

    const records = (await running.app.audit.readAll()) as SeatRequestAuditRecord[];
    expect(records.map((record) => [record.action, record.statusBefore, record.statusAfter, record.monthlyDelta])).toEqual([
      ['seat.requested', null, 'pending', 104],
      ['seat.approved', 'pending', 'approved', 104],
      ['seat.assigned', 'approved', 'assigned', 104],
    ]);
  });

  it('answers 50 concurrent Approve invokes (two approvers, current and stale versions) with one assignment', async () => {
    started = await setup.start();
    const { running, fake } = started;
    const { approvalCards } = await submitRequest(running);
    const data = find(approvalCards[0]?.body, (record) => record.type === 'Action.Execute' && record.title === 'Approve')[0]?.data as Json;
    const assignmentsBefore = fake?.requests.filter((request) => /userentitlements/.test(request.path) && ['POST', 'PATCH'].includes(request.method)).length;

    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        invoke(
          running,
          'seatRequests/approve',
          i % 7 === 6 ? { ...data, version: 2 } : data,
          i % 2 === 0 ? playground.alex : patti,
          `conversation-${i % 10}`,
        ),
      ),
    );
    expect(results.every((result) => result.status === 200 && result.body.type === 'application/vnd.microsoft.card.adaptive')).toBe(true);
    const texts = results.map((result) => JSON.stringify(result.body.value));
    expect(texts.filter((text) => text.includes('Approved and assigned') && !text.includes('already'))).toHaveLength(1);
    expect(texts.filter((text) => /already approved by (Alex Wilber|Patti Fernandez)|out of date/.test(text))).toHaveLength(49);

    const records = (await running.app.audit.readAll()) as SeatRequestAuditRecord[];
    expect(records.filter((record) => record.action === 'seat.approved')).toHaveLength(1);
    expect(records.filter((record) => record.action === 'seat.assigned')).toHaveLength(1);
    if (fake) {
      const assignments = fake.requests.filter((request) => /userentitlements/.test(request.path) && ['POST', 'PATCH'].includes(request.method));
      expect(assignments.length - (assignmentsBefore ?? 0)).toBe(2);
    }
  });
});
