import { randomUUID } from 'node:crypto';
import type { Caller, OrganizationRef } from '../azure/ports.js';
import type { Logger } from '../logger.js';
import type { AuditLog, BillingAuditRecord } from './audit.js';

/**
 * Billing changes in progress, one record per organization, kept in a store that survives the process:
 *
 * - **One change per organization at a time.** Two admins (or one admin in two chats) confirming at once would
 *   both pass the checks and both "succeed", the second silently moving billing without its change-rights check.
 *   The first to take the organization's record goes on; the other is told who is changing it, since when.
 * - **Intent before, outcome after.** Just before the request goes to Azure the record says what is being sent;
 *   the audit log gets the outcome, then the record goes. A record found at start-up is a change the previous
 *   process sent and never heard back from: it is written to the audit log as `billing.interrupted`.
 *
 * The record is read and written through eTag compare-and-set, and taking it is serialised per organization in
 * process; the storage lock (one process per STORAGE_DIR) makes that complete until stores are shared.
 */

type AuditedAction = NonNullable<BillingAuditRecord['intendedAction']>;

export interface ChangeRecord {
  changeId: string;
  actor: { aadObjectId: string; displayName?: string };
  organization: { id: string; name: string };
  startedAt: string;
  correlationId?: string;
  /** Set once the change is being sent to Azure. */
  sending?: { action: AuditedAction; fromSubscriptionId?: string; toSubscriptionId?: string; at: string };
}

/** The part of botbuilder's `Storage` the ledger uses (services name no SDK type). */
export interface RecordStore {
  read(keys: string[]): Promise<Record<string, unknown>>;
  write(changes: Record<string, unknown>): Promise<void>;
  delete(keys: string[]): Promise<void>;
  keys(prefix: string): Promise<string[]>;
}

export interface ChangeInProgress {
  /** Call right before the request goes to Azure: from here on, a crash leaves an outcome to find out. */
  sending(details: { action: AuditedAction; fromSubscriptionId?: string; toSubscriptionId?: string }): Promise<void>;
}

export interface ChangeLedgerDeps {
  records: RecordStore;
  now: () => Date;
  /** The error the caller's user sees when another change for the organization is running. */
  refuse: (message: string) => Error;
  /** A record older than this is taken over (its process failed to remove it); default 15 minutes. */
  abandonedAfterMs?: number;
}

const keyPrefix = 'billing-changes/';
const keyOf = (organizationId: string) => `${keyPrefix}${organizationId.toLowerCase()}`;

export class ChangeLedger {
  private readonly taking = new Map<string, Promise<unknown>>();

  constructor(private readonly deps: ChangeLedgerDeps) {}

  /** Runs `work` as the only change to the organization's billing; the record goes when `work` settles. */
  async exclusive<T>(
    caller: Caller,
    organization: OrganizationRef,
    correlationId: string | undefined,
    work: (change: ChangeInProgress) => Promise<T>,
  ): Promise<T> {
    const key = keyOf(organization.id);
    const record: ChangeRecord = {
      changeId: randomUUID(),
      actor: { aadObjectId: caller.aadObjectId, displayName: caller.displayName },
      organization: { id: organization.id, name: organization.name },
      startedAt: this.deps.now().toISOString(),
      correlationId,
    };
    let eTag = await this.take(key, record);
    const change: ChangeInProgress = {
      sending: async (details) => {
        const next = { ...record, sending: { ...details, at: this.deps.now().toISOString() } };
        await this.deps.records.write({ [key]: { ...next, eTag } });
        eTag = ((await this.deps.records.read([key]))[key] as { eTag?: string } | undefined)?.eTag ?? '*';
      },
    };
    try {
      return await work(change);
    } finally {
      await this.deps.records.delete([key]);
    }
  }

  /** Serialised per organization so that reading the record and writing ours is one step in this process. */
  private take(key: string, record: ChangeRecord): Promise<string> {
    const previous = this.taking.get(key) ?? Promise.resolve();
    const attempt = previous.then(async () => {
      const stored = (await this.deps.records.read([key]))[key] as (ChangeRecord & { eTag?: string }) | undefined;
      if (stored && !this.abandoned(stored)) throw this.deps.refuse(busyMessage(stored));
      await this.deps.records.write({ [key]: { ...record, eTag: stored?.eTag ?? '*' } });
      return ((await this.deps.records.read([key]))[key] as { eTag?: string } | undefined)?.eTag ?? '*';
    });
    const settled = attempt.catch(() => undefined);
    this.taking.set(key, settled);
    void settled.then(() => {
      if (this.taking.get(key) === settled) this.taking.delete(key);
    });
    return attempt;
  }

  private abandoned(record: ChangeRecord): boolean {
    const age = this.deps.now().getTime() - Date.parse(record.startedAt);
    return age > (this.deps.abandonedAfterMs ?? 15 * 60_000);
  }
}

function busyMessage(record: ChangeRecord): string {
  const who = record.actor.displayName ?? 'Another administrator';
  return (
    `${who} is changing billing for ${record.organization.name} right now (since ${record.startedAt}). ` +
    'Nothing was changed by me. Check "billing status" in a minute, and start again if you still want your change.'
  );
}

/**
 * At start-up, before any turn: every record left is a change the previous process did not finish. One that was
 * sent to Azure and has no audit record gets a `billing.interrupted` record (the change may or may not have
 * happened); one that never reached Azure changed nothing. Returns what was found, for the log.
 */
export async function recoverInterruptedChanges(deps: {
  records: RecordStore;
  audit: AuditLog;
  logger: Logger;
  now: () => Date;
  backend: BillingAuditRecord['backend'];
}): Promise<ChangeRecord[]> {
  const keys = await deps.records.keys(keyPrefix);
  if (keys.length === 0) return [];
  const stored = await deps.records.read(keys);
  const audited = (await deps.audit.readAll()).filter((entry): entry is BillingAuditRecord => entry.action.startsWith('billing.'));
  const found: ChangeRecord[] = [];
  for (const key of keys) {
    const record = stored[key] as ChangeRecord | undefined;
    if (!record) continue;
    found.push(record);
    const { sending } = record;
    const completed =
      sending !== undefined &&
      audited.some(
        (entry) =>
          entry.action === sending.action &&
          entry.organization.id === record.organization.id &&
          entry.correlationId === record.correlationId &&
          entry.at >= record.startedAt,
      );
    if (sending && !completed) {
      const interrupted: BillingAuditRecord = {
        at: deps.now().toISOString(),
        action: 'billing.interrupted',
        intendedAction: sending.action,
        actor: record.actor,
        organization: record.organization,
        oldSubscriptionId: sending.fromSubscriptionId,
        newSubscriptionId: sending.toSubscriptionId,
        backend: deps.backend,
        correlationId: record.correlationId,
      };
      await deps.audit.append(interrupted);
      deps.logger.error(
        { change: record },
        `a billing change for ${record.organization.name} was sent to Azure but the bot stopped before it heard back; check its billing status`,
      );
    } else if (!sending) {
      deps.logger.info({ change: record }, 'a billing change was stopped before it reached Azure; nothing was changed');
    }
  }
  await deps.records.delete(keys);
  return found;
}

/** For a bot without a durable store (tests, a single in-memory run): the same rules, kept in a map. */
export function inMemoryRecords(): RecordStore {
  const items = new Map<string, Record<string, unknown> & { eTag: string }>();
  return {
    async read(keys) {
      return Object.fromEntries(keys.filter((key) => items.has(key)).map((key) => [key, structuredClone(items.get(key))]));
    },
    async write(changes) {
      for (const [key, change] of Object.entries(changes)) {
        const expected = (change as { eTag?: string }).eTag;
        const stored = items.get(key);
        if (stored && expected && expected !== '*' && expected !== stored.eTag) throw new Error(`eTag conflict on ${key}`);
      }
      for (const [key, change] of Object.entries(changes)) items.set(key, { ...(change as Record<string, unknown>), eTag: randomUUID() });
    },
    async delete(keys) {
      for (const key of keys) items.delete(key);
    },
    async keys(prefix) {
      return [...items.keys()].filter((key) => key.startsWith(prefix));
    },
  };
}
