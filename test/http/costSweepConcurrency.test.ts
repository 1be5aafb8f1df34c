import { afterEach, describe, expect, it } from '@jest/globals';
import { createRestBackend } from '../../src/azure/rest/backend.js';
import { loadSandboxSeed } from '../../src/azure/sandbox/sandboxBackend.js';
import type { SeatRequestAuditRecord } from '../../src/services/audit.js';
import { playground } from '../support/botClient.js';
import { findIn } from '../support/cardSearch.js';
import type { ConnectorCall } from '../support/fakeConnector.js';
import { startFakeAzure, type FakeAzure } from '../support/fakeAzure/server.js';
import { invokeOver, sayOver, startTestApp, type RunningApp } from '../support/testApp.js';

const { alex, patti } = playground;
type Json = Record<string, unknown>;

const cardsIn = (calls: ConnectorCall[]): Json[] =>
  calls.flatMap((call) => ((call.body.attachments as Array<{ content: Json }> | undefined) ?? []).map((attachment) => attachment.content));

describe('the cost sweep card clicked by two administrators at once', () => {
  let running: RunningApp | undefined;
  let fake: FakeAzure | undefined;
  afterEach(async () => {
    await running?.stop();
    await fake?.close();
    running = undefined;
    fake = undefined;
  });

  it('two administrators clicking Downgrade on the same sweep card (approvals channel) raise one request, not two for the same people', async () => {
    // Over REST, as in production: the read of open requests and the filing of the new one are apart by real calls.
    fake = await startFakeAzure(loadSandboxSeed(), { pageSize: 3 });
    running = await startTestApp({}, { backend: createRestBackend(fake.backendOptions()), now: () => new Date('2026-11-30T12:00:00.000Z') });
    // The digest's "Review in a cost sweep" button posts the sweep card in the shared approvals conversation.
    const [card] = cardsIn(await sayOver(running, 'cost sweep for contoso-web inactive 10 days', alex, 'channel-approvals'));
    const data = findIn(card, (record) => record.verb === 'costSweep/downgrade')[0]?.data as Json;
    expect(data).toBeDefined();

    const clicks = await Promise.all([
      invokeOver(running, 'costSweep/downgrade', data, alex, 'channel-approvals'),
      invokeOver(running, 'costSweep/downgrade', data, patti, 'channel-approvals'),
    ]);
    expect(clicks.map((click) => click.status)).toEqual([200, 200]);

    const requested = ((await running.app.audit.readAll()) as SeatRequestAuditRecord[]).filter((record) => record.action === 'seat.requested');
    expect(requested).toHaveLength(1);
    expect(requested[0]?.people.sort()).toEqual(['gradya@example.com', 'johannal@example.com']);
  });
});
