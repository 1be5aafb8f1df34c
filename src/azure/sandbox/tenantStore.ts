import { createHash } from 'node:crypto';
import type { Storage } from 'botbuilder';
import { z } from 'zod';
import { AzureError } from '../ports.js';
import { sandboxSeedSchema, type SandboxSeed } from './seedSchema.js';
import { deepFreeze } from '../../deepFreeze.js';

export const sandboxStorageKey = 'sandbox/tenant';

/**
 * Enough for every writer to win once even when two dozen mutations race across processes: each failed attempt
 * means another writer succeeded in between, and each writer succeeds only once.
 */
const maxAttempts = 25;

/**
 * botbuilder stores have no "create only" write. A made-up eTag does the job in MemoryStorage and JsonFileStorage:
 * it is ignored when the key is absent and conflicts when it exists, so two processes starting at once cannot both
 * seed the tenant and wipe a mutation made in between. Stores that refuse it on a missing key get a plain create.
 */
const createOnlyETag = 'sandbox-create-only';

const storedDocumentSchema = z.object({ seedFingerprint: z.string(), tenant: sandboxSeedSchema });

/** `null` = no document; `*` = a store without eTags, where compare-and-set cannot be had. */
type Version = string | null;

type Stored = { kind: 'absent' | 'stale'; version: Version } | { kind: 'current'; version: Version; tenant: SandboxSeed };

/**
 * A store that can tell an item's eTag without copying the item out (the lowdb store can: the file is in memory).
 * With it, a read of an unchanged tenant copies nothing at all.
 */
export interface ETagReadableStorage extends Storage {
  eTagOf(key: string): Promise<string | undefined>;
}

function canReadETags(storage: Storage): storage is ETagReadableStorage {
  return typeof (storage as Partial<ETagReadableStorage>).eTagOf === 'function';
}

/**
 * The demo tenant as one document in the bot's store, so its state survives restarts and is shared by every
 * instance. Every change is a read-modify-write guarded by the document's eTag and retried on conflict.
 */
export class SandboxTenantStore {
  private readonly seedFingerprint: string;
  /** Mutations through this instance queue up instead of knocking each other's eTags out; other instances race. */
  private mutations: Promise<unknown> = Promise.resolve();
  /**
   * The last document read, parsed and frozen, under the eTag it was stored with. Every write gives the document a
   * new eTag (in this process or any other), so a read that finds the same eTag finds the same document: a refresh
   * reads the tenant several times, and each read used to copy the whole document and validate it again.
   */
  private parsed?: { version: string; tenant: SandboxSeed };

  constructor(
    private readonly storage: Storage,
    private readonly seed: SandboxSeed,
  ) {
    this.seedFingerprint = createHash('sha256').update(JSON.stringify(seed)).digest('hex');
  }

  async read(): Promise<SandboxSeed> {
    return (await this.current()).tenant;
  }

  /**
   * Applies `mutate` to a private copy and saves it only if nobody saved in between; otherwise re-reads and runs
   * `mutate` again on the newer state. A throw from `mutate` saves nothing.
   */
  update<T>(mutate: (tenant: SandboxSeed) => T): Promise<T> {
    const run = this.mutations.then(() => this.updateWithRetries(mutate));
    this.mutations = run.catch(() => undefined);
    return run;
  }

  private async updateWithRetries<T>(mutate: (tenant: SandboxSeed) => T): Promise<T> {
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      const { tenant, version } = await this.current();
      const draft = structuredClone(tenant);
      const result = mutate(draft);
      if (await this.compareAndSet(draft, version)) return result;
      await pause(attempt);
    }
    throw busy();
  }

  private async current(): Promise<{ tenant: SandboxSeed; version: Version }> {
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      const stored = await this.readStored();
      if (stored.kind === 'current') return stored;
      // First use, or the seed changed since the state was saved (a demo edit should show): start from the seed.
      if (await this.compareAndSet(this.seed, stored.version)) continue;
      await pause(attempt);
    }
    throw busy();
  }

  private async readStored(): Promise<Stored> {
    const known = this.parsed;
    let raw: unknown;
    try {
      if (known && canReadETags(this.storage) && (await this.storage.eTagOf(sandboxStorageKey)) === known.version) {
        return { kind: 'current', ...known };
      }
      raw = (await this.storage.read([sandboxStorageKey]))[sandboxStorageKey];
    } catch (error) {
      throw unavailable(error);
    }
    if (raw === undefined || raw === null) return { kind: 'absent', version: null };
    const eTag = (raw as { eTag?: unknown }).eTag;
    const version = typeof eTag === 'string' && eTag !== '' ? eTag : '*';
    if (known && version === known.version) return { kind: 'current', ...known };
    const parsed = storedDocumentSchema.safeParse(raw);
    if (!parsed.success || parsed.data.seedFingerprint !== this.seedFingerprint) return { kind: 'stale', version };
    // Frozen because every reader shares it: a reader that changed it would change what the next turn reads.
    const tenant = deepFreeze(parsed.data.tenant);
    // A store without eTags cannot say whether the document changed, so nothing is kept.
    if (version !== '*') this.parsed = { version, tenant };
    return { kind: 'current', version, tenant };
  }

  /** True when saved; false when someone else saved first. */
  private async compareAndSet(tenant: SandboxSeed, expected: Version): Promise<boolean> {
    const document = { seedFingerprint: this.seedFingerprint, tenant };
    try {
      await this.storage.write({ [sandboxStorageKey]: { ...document, eTag: expected ?? createOnlyETag } });
      return true;
    } catch (error) {
      // Stores report a conflict in different ways (message, status 412, error class): the version tells.
      const now = await this.readStored();
      if (now.version !== expected) return false;
      if (expected !== null) throw unavailable(error);
    }
    // Still absent: this store refuses a conditional write to a missing key, so create unconditionally.
    try {
      await this.storage.write({ [sandboxStorageKey]: { ...document, eTag: '*' } });
      return true;
    } catch (error) {
      throw unavailable(error);
    }
  }
}

function unavailable(cause: unknown): AzureError {
  return new AzureError('unavailable', 'The sandbox tenant could not be read or saved.', { cause });
}

function busy(): AzureError {
  return new AzureError('conflict', 'The sandbox tenant kept changing while saving; please try again.');
}

/** Jittered, growing pause so racing writers stop colliding in lockstep. */
function pause(attempt: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 2 ** attempt)));
}
