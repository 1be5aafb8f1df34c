import { access, constants, mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Storage } from 'botbuilder';
import type { SeatRequestRepository } from '../approvals/repository.js';
import type { Config, StorageSettings } from '../config.js';
import type { Logger } from '../logger.js';
import type { AuditLog } from '../services/audit.js';
import type { CostDigestRepository } from '../services/costDigestSchedule.js';
import { JsonLinesAuditLog } from './auditLog.js';
import { StorageCostDigestRepository } from './costDigestStore.js';
import { JsonFileStorage } from './jsonFileStorage.js';
import type { KeyedStorage } from './keyedStorage.js';
import { JsonSeatRequestRepository } from './seatRequestStore.js';
import { lockStorageDir } from './storageLock.js';

/**
 * Everything the app persists, opened from config in one place: lowdb files for one instance, or Azure Table
 * storage shared by several instances behind a load balancer.
 */
export interface AppStores {
  /** Dialog state per person and conversation; `deleteWhere` lets idle flows expire. */
  botState: KeyedStorage;
  /** Where the bot can message proactively (see `bot/conversationReferences.ts`). */
  conversationReferences: Storage;
  seatRequests: SeatRequestRepository;
  /** Monthly cost digest schedules, one per organization. */
  costDigests: CostDigestRepository;
  /** Small settings people change in chat (where each organization's approvals are posted). */
  settings: Storage;
  /** The sandbox tenant's state; present only with the sandbox backend. */
  sandboxTenant?: Storage;
  /** Billing changes in progress, one record per organization (see `services/changeLedger.ts`). */
  billingChanges: KeyedStorage;
  audit: AuditLog;
  /** Whether every store can take a write now (drives /readyz). */
  ready(): Promise<boolean>;
  /** Resolves when every accepted write is durable, then gives the folder up for another process. */
  close(): Promise<void>;
}

export async function createStores(
  config: Pick<Config, 'storageDir' | 'backend'> & { storage?: StorageSettings },
  options: { logger?: Logger } = {},
): Promise<AppStores> {
  const storage = config.storage ?? { kind: 'lowdb' };
  if (storage.kind === 'azure') {
    // Loaded only here, so a single-instance bot never loads the Azure Storage SDK.
    const { createTableStores } = await import('./azure/tableStores.js');
    return createTableStores(storage, config.backend);
  }
  return createFileStores(config, options);
}

/**
 * Opens every store under STORAGE_DIR, after taking the folder's lock (`StorageLockedError` when another live
 * process holds it). A store file that cannot be opened gives the lock back, so the error is the only outcome.
 */
async function createFileStores(config: Pick<Config, 'storageDir' | 'backend'>, options: { logger?: Logger }): Promise<AppStores> {
  const storageDir = resolve(config.storageDir);
  await mkdir(storageDir, { recursive: true });
  const lock = await lockStorageDir(storageDir);
  let botState: JsonFileStorage;
  let conversationReferences: JsonFileStorage;
  let billingChanges: JsonFileStorage;
  let seatRequests: JsonSeatRequestRepository;
  let settings: JsonFileStorage;
  let costDigests: JsonFileStorage;
  let sandboxTenant: JsonFileStorage | undefined;
  try {
    botState = await JsonFileStorage.open(join(storageDir, 'bot-state.json'));
    conversationReferences = await JsonFileStorage.open(join(storageDir, 'conversation-references.json'));
    billingChanges = await JsonFileStorage.open(join(storageDir, 'billing-changes.json'));
    seatRequests = await JsonSeatRequestRepository.open(storageDir);
    settings = await JsonFileStorage.open(join(storageDir, 'settings.json'));
    costDigests = await JsonFileStorage.open(join(storageDir, 'cost-digests.json'));
    sandboxTenant = config.backend === 'sandbox' ? await JsonFileStorage.open(join(storageDir, 'sandbox-tenant.json')) : undefined;
  } catch (error) {
    await lock.release();
    throw error;
  }
  const files = [botState, conversationReferences, billingChanges, settings, costDigests, ...(sandboxTenant ? [sandboxTenant] : [])];
  const audit = new JsonLinesAuditLog(join(storageDir, 'audit.jsonl'), {
    onDamagedLine: (file, line) =>
      options.logger?.error({ file, lineNumber: line.lineNumber, text: line.text }, 'skipped a damaged line of the audit log'),
  });
  return {
    botState,
    conversationReferences,
    seatRequests,
    costDigests: new StorageCostDigestRepository(costDigests),
    settings,
    sandboxTenant,
    billingChanges,
    audit,
    async ready() {
      try {
        await access(storageDir, constants.W_OK);
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      try {
        await Promise.all([...files.map((file) => file.flush()), seatRequests.flush()]);
      } finally {
        await lock.release();
      }
    },
  };
}
