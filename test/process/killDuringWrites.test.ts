import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { SeatRequestRepository } from '../../src/approvals/repository.js';
import { TableSeatRequestRepository } from '../../src/storage/azure/tableSeatRequests.js';
import { JsonSeatRequestRepository } from '../../src/storage/seatRequestStore.js';
import { startAzurite, type Azurite } from '../support/azurite.js';
import { playground, postJson, teamsActivity } from '../support/botClient.js';
import { startBotProcess, type BotProcess } from '../support/botProcess.js';
import { FakeConnector } from '../support/fakeConnector.js';
import { findIn } from '../support/cardSearch.js';


const find = findIn;

/** One person's chat filing requests one after another until the process is gone; resolves with what was acknowledged. */
async function fileRequests(baseUrl: string, connector: FakeConnector, conversationId: string, acknowledged: number[]): Promise<void> {
  const post = (text: string | undefined, value?: unknown) =>
    postJson(`${baseUrl}/api/messages`, teamsActivity(connector.serviceUrl, { text, value, from: playground.megan, conversationId }));
  const repliesSince = (index: number) => connector.calls.slice(index).filter((call) => call.path.includes(`/conversations/${conversationId}/`));
  for (;;) {
    try {
      let before = connector.calls.length;
      if ((await post('request Basic for leeg@example.com in contoso-web')).status !== 200) return;
      const send = find(repliesSince(before), (record) => record.type === 'Action.Submit' && record.title === 'Send for approval')[0]?.data;
      if (!send) return;
      before = connector.calls.length;
      if ((await post(undefined, send)).status !== 200) return;
      // The turn's HTTP answer comes after its replies: a number seen here was acknowledged to the person.
      const number = /Request (\d+) is waiting for approval/.exec(JSON.stringify(repliesSince(before)))?.[1];
      if (number) acknowledged.push(Number(number));
    } catch {
      return;
    }
  }
}

interface Engine {
  name: string;
  env(): NodeJS.ProcessEnv;
  repository(): Promise<SeatRequestRepository>;
}

describe('kill -9 during a burst of seat request writes', () => {
  jest.setTimeout(90_000);
  let azurite: Azurite | undefined;
  let dir: string;
  let connector: FakeConnector;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'billing-bot-kill-'));
    azurite = await startAzurite();
    connector = await FakeConnector.start();
  });
  // A failing test must not leave a bot behind: every process it started is killed by id here.
  const processes: BotProcess[] = [];
  const started = (bot: BotProcess) => (processes.push(bot), bot);
  afterEach(async () => {
    for (const bot of processes.splice(0)) {
      if (bot.child.exitCode === null && bot.child.signalCode === null) bot.child.kill('SIGKILL');
      await bot.exited;
    }
  });
  afterAll(async () => {
    await connector?.close();
    await azurite?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const engines: Engine[] = [
    { name: 'lowdb files', env: () => ({ STORAGE_DIR: join(dir, 'lowdb') }), repository: () => JsonSeatRequestRepository.open(join(dir, 'lowdb')) },
    {
      name: 'Azure tables (Azurite)',
      env: () => ({ STORAGE_DIR: join(dir, 'azure'), STORAGE: 'azure', AZURE_STORAGE_CONNECTION_STRING: azurite!.connectionString, AZURE_STORAGE_TABLE_PREFIX: 'killed' }),
      repository: () => TableSeatRequestRepository.openIn({ connectionString: azurite!.connectionString, tablePrefix: 'killed' }, 'seatrequests'),
    },
  ];

  it.each(engines)('$name: after a restart every acknowledged request is there, numbers stay unique, and the store takes new ones', async (engine) => {
    const bot = started(startBotProcess(engine.env()));
    const baseUrl = await bot.listening;
    const acknowledged: number[] = [];
    let chatsEnded = false;
    const chats = Promise.all(Array.from({ length: 4 }, (_, i) => fileRequests(baseUrl, connector, `kill-${engine.name.length}-${i}`, acknowledged)));
    void chats.then(() => (chatsEnded = true));
    while (acknowledged.length < 8 && !chatsEnded) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(acknowledged.length).toBeGreaterThanOrEqual(8);
    bot.child.kill('SIGKILL');
    expect((await bot.exited).signal).toBe('SIGKILL');
    await chats;

    const restarted = started(startBotProcess(engine.env()));
    const restartedUrl = await restarted.listening;
    const after: number[] = [];
    let oneMoreEnded = false;
    const oneMore = fileRequests(restartedUrl, connector, `after-${engine.name.length}`, after).then(() => (oneMoreEnded = true));
    while (after.length < 1 && !oneMoreEnded) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(after.length).toBeGreaterThanOrEqual(1);
    restarted.child.kill('SIGTERM');
    expect((await restarted.exited).code).toBe(0);
    await oneMore;

    const stored = await (await engine.repository()).list({});
    const numbers = stored.map((request) => request.number);
    expect(new Set(numbers).size).toBe(numbers.length);
    for (const number of acknowledged) expect(numbers).toContain(number);
    expect(Math.min(...after)).toBeGreaterThan(Math.max(...acknowledged));
    expect(stored.every((request) => request.status === 'pending')).toBe(true);
  });
});
