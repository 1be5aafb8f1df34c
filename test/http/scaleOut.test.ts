import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createRestBackend } from '../../src/azure/rest/backend.js';
import { loadSandboxSeed } from '../../src/azure/sandbox/sandboxBackend.js';
import type { SeatRequestAuditRecord } from '../../src/services/audit.js';
import { startAzurite, type Azurite } from '../support/azurite.js';
import { playground } from '../support/botClient.js';
import { startFakeAzure, type FakeAzure } from '../support/fakeAzure/server.js';
import { invokeOver, sayOver, startTestApp, type RunningApp } from '../support/testApp.js';
import { findIn } from '../support/cardSearch.js';

const { patti } = playground;
type Json = Record<string, unknown>;

const find = findIn;

const say = sayOver;
const invoke = invokeOver;

const isAssignment = (request: { path: string; method: string }) => /userentitlements/.test(request.path) && ['POST', 'PATCH'].includes(request.method);

/** Polls the shared audit trail until the assignment is recorded; jest's own timeout bounds the wait. */
async function assignmentRecorded(app: RunningApp['app']): Promise<void> {
  for (;;) {
    const records = (await app.audit.readAll()) as SeatRequestAuditRecord[];
    if (records.some((record) => record.action === 'seat.assigned')) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('two bot instances sharing one Azure Table store (Azurite) and one Azure DevOps (fake server)', () => {
  let azurite: Azurite | undefined;
  let fake: FakeAzure | undefined;
  const instances: RunningApp[] = [];

  beforeAll(async () => {
    azurite = await startAzurite();
    fake = await startFakeAzure(loadSandboxSeed());
    const env = { STORAGE: 'azure', AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString, AZURE_STORAGE_TABLE_PREFIX: 'scaleout' };
    for (let i = 0; i < 2; i += 1) instances.push(await startTestApp(env, { backend: createRestBackend(fake.backendOptions()) }));
  });
  afterAll(async () => {
    for (const running of instances) await running.stop();
    await fake?.close();
    await azurite?.stop();
  });

  it('answers 50 concurrent Approve invokes spread over both instances with one assignment and one approval record', async () => {
    const [a, b] = instances as [RunningApp, RunningApp];
    // Approvers chatted with instance A; Megan's request goes through instance B: the conversation references are shared.
    await say(a, 'hi', playground.alex, 'personal-alex');
    await say(a, 'hi', patti, 'personal-patti');
    const preview = await say(b, 'request Basic + Test Plans for leeg@example.com and lidiah@example.com in contoso-web', playground.megan, 'personal-megan');
    const send = find(preview, (record) => record.type === 'Action.Submit' && record.title === 'Send for approval')[0]?.data;
    expect(send).toBeDefined();
    const beforeSubmit = a.connector.calls.length;
    await say(b, undefined, playground.megan, 'personal-megan', send);
    // Proactive cards go to the service URL each approver's conversation reference names: instance A's connector.
    const approvalCards = a.connector.calls.slice(beforeSubmit).filter(
      (call) => call.method === 'POST' && /\/v3\/conversations\/personal-(alex|patti)\/activities/.test(call.path),
    );
    expect(approvalCards).toHaveLength(2);
    const data = find(approvalCards[0]?.body, (record) => record.type === 'Action.Execute' && record.title === 'Approve')[0]?.data as Json;
    const assignmentsBefore = fake!.requests.filter(isAssignment).length;

    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        invoke(i % 2 === 0 ? a : b, 'seatRequests/approve', data, i % 4 < 2 ? playground.alex : patti, `conversation-${i % 10}`),
      ),
    );
    expect(results.every((result) => result.status === 200 && result.body.type === 'application/vnd.microsoft.card.adaptive')).toBe(true);
    const texts = results.map((result) => JSON.stringify(result.body.value));
    // The winner's card says "assigned", or "working on it" when the assignment outlasted the invoke budget on a
    // busy machine; the assignment itself finishes either way, and is awaited below rather than timed.
    const winners = texts.filter((text) => (text.includes('Approved and assigned') || text.includes('Working on it')) && !text.includes('already'));
    expect(winners).toHaveLength(1);
    expect(texts.filter((text) => /already approved by (Alex Wilber|Patti Fernandez)/.test(text))).toHaveLength(49);
    await assignmentRecorded(a.app);

    // Two people, one assignment call each, made by whichever instance won.
    expect(fake!.requests.filter(isAssignment).length - assignmentsBefore).toBe(2);
    for (const running of instances) {
      const records = (await running.app.audit.readAll()) as SeatRequestAuditRecord[];
      expect(records.filter((record) => record.action === 'seat.approved')).toHaveLength(1);
      expect(records.filter((record) => record.action === 'seat.assigned')).toHaveLength(1);
    }
  });
});
