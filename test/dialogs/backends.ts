import { afterEach, beforeEach } from '@jest/globals';
import { MemoryStorage } from 'botbuilder';
import type { AzureBackend } from '../../src/azure/ports.js';
import { createRestBackend } from '../../src/azure/rest/backend.js';
import { createSandboxBackend, loadSandboxSeed } from '../../src/azure/sandbox/sandboxBackend.js';
import { BotHarness, type HarnessOptions } from '../support/botHarness.js';
import { startFakeAzure } from '../support/fakeAzure/server.js';

export interface BackendUnderTest {
  backend: AzureBackend;
  close(): Promise<void>;
}

/**
 * Each dialog suite runs once per backend: the in-process sandbox, and the real REST clients talking HTTP to local
 * fake Azure servers that serve the same demo tenant. Same conversation, same assertions.
 */
export const backends: Array<[string, () => Promise<BackendUnderTest>]> = [
  [
    'sandbox',
    async () => ({
      backend: createSandboxBackend({ storage: new MemoryStorage(), seed: loadSandboxSeed() }),
      close: async () => undefined,
    }),
  ],
  [
    'REST over fake Azure servers',
    async () => {
      const fake = await startFakeAzure(loadSandboxSeed());
      return { backend: createRestBackend({ ...fake.backendOptions(), actsAsCaller: () => true }), close: () => fake.close() };
    },
  ],
];

/**
 * A fresh backend and bot for every test of the enclosing describe. `options` is read when each test starts, so a
 * suite can reset, say, its clock in its own beforeEach.
 */
export function botPerTest(
  makeBackend: () => Promise<BackendUnderTest>,
  options: () => Omit<HarnessOptions, 'backend'> = () => ({}),
): () => BotHarness {
  let backend: BackendUnderTest | undefined;
  let bot: BotHarness | undefined;
  beforeEach(async () => {
    backend = await makeBackend();
    bot = await BotHarness.create({ ...options(), backend: backend.backend });
  });
  afterEach(async () => {
    await bot?.close();
    await backend?.close();
  });
  return () => {
    if (!bot) throw new Error('The bot exists only inside a test');
    return bot;
  };
}
