import { MemoryStorage } from 'botbuilder';
import type { AzureBackend } from '../../src/azure/ports.js';
import { createSandboxBackend, loadSandboxSeed } from '../../src/azure/sandbox/sandboxBackend.js';

export interface BackendUnderTest {
  backend: AzureBackend;
  close(): Promise<void>;
}

/** Each dialog suite runs once per backend: the in-process sandbox and the REST clients over local fake servers. */
export const backends: Array<[string, () => Promise<BackendUnderTest>]> = [
  [
    'sandbox',
    async () => ({
      backend: createSandboxBackend({ storage: new MemoryStorage(), seed: loadSandboxSeed() }),
      close: async () => undefined,
    }),
  ],
];
