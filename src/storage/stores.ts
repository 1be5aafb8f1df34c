import { access, constants, mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Storage } from 'botbuilder';
import type { SeatRequestRepository } from '../approvals/repository.js';
import type { Config } from '../config.js';
import type { AuditLog } from '../services/audit.js';
import { JsonLinesAuditLog } from './auditLog.js';
import { JsonFileStorage } from './jsonFileStorage.js';
import { JsonSeatRequestRepository } from './seatRequestStore.js';

/**
 * Everything the app persists, opened from config in one place, so a second storage engine is one more branch
 * here rather than edits across the composition root.
 */
export interface AppStores {
  /** Dialog state per person and conversation. */
  botState: Storage;
  /** Where the bot can message proactively (see `bot/conversationReferences.ts`). */
  conversationReferences: Storage;
  seatRequests: SeatRequestRepository;
  /** Small settings people change in chat (where each organization's approvals are posted). */
  settings: Storage;
  /** The sandbox tenant's state; present only with the sandbox backend. */
  sandboxTenant?: Storage;
  audit: AuditLog;
  /** Whether every store can take a write now (drives /readyz). */
  ready(): Promise<boolean>;
  /** Resolves when every accepted write is durable. */
  close(): Promise<void>;
}

export async function createStores(config: Pick<Config, 'storageDir' | 'backend'>): Promise<AppStores> {
  const storageDir = resolve(config.storageDir);
  await mkdir(storageDir, { recursive: true });
  const botState = await JsonFileStorage.open(join(storageDir, 'bot-state.json'));
  const conversationReferences = await JsonFileStorage.open(join(storageDir, 'conversation-references.json'));
  const seatRequests = await JsonFileStorage.open(join(storageDir, 'seat-requests.json'));
  const settings = await JsonFileStorage.open(join(storageDir, 'settings.json'));
  const sandboxTenant =
    config.backend === 'sandbox' ? await JsonFileStorage.open(join(storageDir, 'sandbox-tenant.json')) : undefined;
  const files = [botState, conversationReferences, seatRequests, settings, ...(sandboxTenant ? [sandboxTenant] : [])];
  return {
    botState,
    conversationReferences,
    seatRequests: new JsonSeatRequestRepository(seatRequests),
    settings,
    sandboxTenant,
    audit: new JsonLinesAuditLog(join(storageDir, 'audit.jsonl')),
    async ready() {
      try {
        await access(storageDir, constants.W_OK);
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      await Promise.all(files.map((file) => file.flush()));
    },
  };
}
