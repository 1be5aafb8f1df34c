import type { Storage } from 'botbuilder';
import type { AzureBackend } from '../ports.js';
import { SandboxDevOps } from './sandboxDevOps.js';
import { SandboxResourceManager } from './sandboxResourceManager.js';
import { SandboxSeedError, seedReferenceProblems } from './seedFile.js';
import type { SandboxSeed } from './seedSchema.js';
import { SandboxTenantStore } from './tenantStore.js';

export { defaultSeedPath, loadSandboxSeed, SandboxSeedError } from './seedFile.js';
export { sandboxStorageKey } from './tenantStore.js';

export interface SandboxBackendOptions {
  /** The bot's store: the demo tenant lives there as one document, so changes survive restarts. */
  storage: Storage;
  /** Where the tenant starts from, on first use and whenever the seed changes. */
  seed: SandboxSeed;
  now?: () => Date;
}

/** The demo tenant behind both ports: no credentials, no real charges. */
export function createSandboxBackend(options: SandboxBackendOptions): AzureBackend {
  const problems = seedReferenceProblems(options.seed);
  if (problems.length > 0) throw new SandboxSeedError('given to createSandboxBackend', problems);
  const store = new SandboxTenantStore(options.storage, options.seed);
  return {
    kind: 'sandbox',
    arm: new SandboxResourceManager(store, options.now ?? (() => new Date())),
    devops: new SandboxDevOps(store),
  };
}
