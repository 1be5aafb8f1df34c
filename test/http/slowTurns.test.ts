import { afterEach, describe, expect, it } from '@jest/globals';
import { MemoryStorage } from 'botbuilder';
import type { AzureBackend } from '../../src/azure/ports.js';
import { createSandboxBackend, loadSandboxSeed } from '../../src/azure/sandbox/sandboxBackend.js';
import { HttpChat } from '../support/billingChat.js';
import { playground } from '../support/botClient.js';
import { startTestApp, type RunningApp } from '../support/testApp.js';

async function sandbox(): Promise<AzureBackend> {
  return createSandboxBackend({ storage: new MemoryStorage(), seed: await loadSandboxSeed() });
}

/** Replaces every read of the backend with `wrap(read)`; writes are left alone. */
function wrapReads(backend: AzureBackend, wrap: <R>(name: string, read: () => Promise<R>) => Promise<R>): AzureBackend {
  const reads = {
    arm: ['listSubscriptions', 'getSubscriptionRights', 'getBillingLink'],
    devops: ['getProfile', 'listOrganizations', 'isProjectCollectionAdmin', 'listUserEntitlements', 'getUserEntitlement'],
  } as const;
  for (const [port, names] of Object.entries(reads) as Array<[keyof typeof reads, readonly string[]]>) {
    const target = backend[port] as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
    for (const name of names) {
      const read = target[name]!.bind(target);
      target[name] = (...args: unknown[]) => wrap(name, () => read(...args));
    }
  }
  return backend;
}

describe('slow turns (point 7 of the hardening issue)', () => {
  let running: RunningApp | undefined;
  afterEach(async () => {
    await running?.stop();
    running = undefined;
  });

  it('past the notice time, says it is still working, answers the channel, and posts the result when Azure answers', async () => {
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    let held = false;
    const backend = wrapReads(await sandbox(), async (name, read) => {
      if (name === 'listOrganizations') {
        held = true;
        await released;
      }
      return read();
    });
    running = await startTestApp({ TURN_NOTICE_MS: '50' }, { backend });
    const chat = new HttpChat(running.baseUrl, running.connector, 'slow-chat');

    // Azure is held until after the channel has its answer: today's main answers only when the turn ends.
    const { status, turn } = await chat.send({ text: 'billing status' });
    expect(status).toBe(200);
    expect(held).toBe(true);
    expect(turn.text).toContain('Still working on it');

    const before = running.connector.calls.length;
    release();
    await running.connector.waitForCalls(before + 1);
    expect(chat.replies().text).toContain('contoso-mobile');
  });

  it('starts no Azure read once the turn has used its budget, and says so politely (controlled clock)', async () => {
    const clock = { now: new Date('2026-06-01T08:00:00Z') };
    let reads = 0;
    // Every read "takes" 4 seconds of the test's clock.
    const backend = wrapReads(await sandbox(), async (_name, read) => {
      reads += 1;
      clock.now = new Date(clock.now.getTime() + 4_000);
      return read();
    });
    running = await startTestApp({ TURN_AZURE_BUDGET_MS: '10000' }, { backend, now: () => clock.now });
    const { status, turn } = await new HttpChat(running.baseUrl, running.connector, 'budget-chat').send({ text: 'billing status' });
    expect(status).toBe(200);
    expect(turn.text).toContain('Azure is answering slowly, so I stopped after 10 seconds without changing anything');
    expect(turn.text).not.toContain('Refresh');
    // Two listings, then the first batch of per-organization reads that started before the budget ran out.
    expect(reads).toBeLessThan(16);
  });

  it.each([
    ['60', 1],
    ['0', 2],
  ])("reuses a person's organization listing for AZURE_READ_CACHE_SECONDS=%s (calls: %i), never another person's", async (seconds, calls) => {
    const listings: string[] = [];
    const backend = await sandbox();
    const list = backend.devops.listOrganizations.bind(backend.devops);
    backend.devops.listOrganizations = (caller) => {
      listings.push(caller.aadObjectId);
      return list(caller);
    };
    running = await startTestApp({ AZURE_READ_CACHE_SECONDS: seconds }, { backend });
    const alex = new HttpChat(running.baseUrl, running.connector, 'cache-alex');
    await alex.send({ text: 'billing status' });
    await alex.send({ text: 'billing status' });
    expect(listings.filter((id) => id === playground.alex.aadObjectId)).toHaveLength(calls);

    await new HttpChat(running.baseUrl, running.connector, 'cache-megan', playground.megan).send({ text: 'billing status' });
    expect(listings.filter((id) => id === playground.megan.aadObjectId)).toHaveLength(1);
  });
});
