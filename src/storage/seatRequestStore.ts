import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import type { SeatRequestQuery, SeatRequestRepository, StoredSeatRequest } from '../approvals/repository.js';
import { openStatuses, type SeatRequest, type SeatRequestStatus } from '../approvals/seatRequest.js';
import { ETagConflictError, JsonFileStorage } from './jsonFileStorage.js';

const requestPrefix = 'seat-requests/';
const counterKey = 'seat-request-counter';

/** Where one closed request's latest version sits in the archive, with what queries select on. */
interface ArchivedEntry {
  offset: number;
  length: number;
  eTag: string;
  number: number;
  status: SeatRequestStatus;
  organizationId: string;
  requesterId: string;
}

/**
 * Seat requests on local files, split by temperature. Open requests (pending, approved, assignment_failed: the only
 * ones approvals, reminders and expiry change) live in a small lowdb file, so each write rewrites only them. A request
 * that closes is appended to a JSON Lines archive (fsynced) and then dropped from the small file; later changes to
 * it (cards posted) append a newer line. Only an index of the archive stays in memory; a request is read from disk
 * by offset. So a write costs the same with 100 or 100,000 requests in the history.
 *
 * A crash between the archive append and the removal leaves the request in both: closed is final, so the archived
 * copy is the newer one and opening finishes the move. A crash mid-append leaves a partial last line, which is
 * skipped (it was never acknowledged) and the next append starts on a fresh line.
 */
export class JsonSeatRequestRepository implements SeatRequestRepository {
  private readonly archived = new Map<string, ArchivedEntry>();
  private readonly archivedByNumber = new Map<number, string>();
  /** One copy of each organization and requester id the index names: a long history repeats a few of them. */
  private readonly names = new Map<string, string>();
  private archiveSize = 0;
  private endsMidLine = false;
  private tail: Promise<unknown> = Promise.resolve();

  /** The archive is opened per operation, as the audit log is: no handle outlives a call, whoever forgets to close. */
  private constructor(
    private readonly hot: JsonFileStorage,
    private readonly archivePath: string,
  ) {}

  static async open(storageDir: string): Promise<JsonSeatRequestRepository> {
    const hot = await JsonFileStorage.open(join(storageDir, 'seat-requests.json'));
    const archivePath = join(storageDir, 'seat-requests-closed.jsonl');
    const repository = new JsonSeatRequestRepository(hot, archivePath);
    await repository.loadArchive();
    await repository.finishMoves();
    return repository;
  }

  async nextNumber(): Promise<number> {
    for (;;) {
      const current = (await this.hot.read([counterKey]))[counterKey] as { value: number; eTag: string } | undefined;
      const value = (current?.value ?? 0) + 1;
      try {
        // A made-up eTag on first use makes the write "create only": a racing first writer wins, the other retries.
        await this.hot.write({ [counterKey]: { value, eTag: current?.eTag ?? 'new' } });
        return value;
      } catch (error) {
        if (!(error instanceof ETagConflictError)) throw error;
      }
    }
  }

  create(request: SeatRequest): Promise<void> {
    return this.serialised(() => this.hot.write({ [keyOf(request.id)]: { request, eTag: 'new' } }));
  }

  async get(id: string): Promise<StoredSeatRequest | undefined> {
    const item = (await this.hot.read([keyOf(id)]))[keyOf(id)] as StoredSeatRequest | undefined;
    if (item) return { request: item.request, eTag: item.eTag };
    const entry = this.archived.get(id);
    return entry ? { request: (await this.readArchived([entry]))[0]!, eTag: entry.eTag } : undefined;
  }

  async getByNumber(number: number): Promise<StoredSeatRequest | undefined> {
    const found = (await this.hot.entries(requestPrefix)).find(([, item]) => (item.request as SeatRequest).number === number);
    if (found) return { request: found[1].request as SeatRequest, eTag: found[1].eTag };
    const id = this.archivedByNumber.get(number);
    return id ? this.get(id) : undefined;
  }

  replace(request: SeatRequest, eTag: string): Promise<boolean> {
    return this.serialised(async () => {
      const archived = this.archived.get(request.id);
      if (archived) {
        if (archived.eTag !== eTag) return false;
        if (openStatuses.includes(request.status)) throw new Error(`Request ${request.number} is closed and cannot reopen.`);
        await this.appendArchived(request);
        return true;
      }
      if (!openStatuses.includes(request.status)) {
        const current = (await this.hot.read([keyOf(request.id)]))[keyOf(request.id)] as StoredSeatRequest | undefined;
        if (!current || current.eTag !== eTag) return false;
        await this.appendArchived(request);
        await this.hot.delete([keyOf(request.id)]);
        return true;
      }
      try {
        await this.hot.write({ [keyOf(request.id)]: { request, eTag } });
        return true;
      } catch (error) {
        if (error instanceof ETagConflictError) return false;
        throw error;
      }
    });
  }

  async list(query: SeatRequestQuery): Promise<SeatRequest[]> {
    const organizations = query.organizationIds?.map((id) => id.toLowerCase());
    const requester = query.requesterId?.toLowerCase();
    const selects = (organizationId: string, requesterId: string, status: SeatRequestStatus) =>
      (!organizations || organizations.includes(organizationId.toLowerCase())) &&
      (!requester || requesterId.toLowerCase() === requester) &&
      (!query.statuses || query.statuses.includes(status));
    const open = (await this.hot.entries(requestPrefix))
      .map(([, item]) => item.request as SeatRequest)
      .filter((request) => selects(request.organization.id, request.requester.aadObjectId, request.status));
    // The archive holds closed requests only: a query of open statuses (every approval asks one) need not scan it.
    const closedEntries = query.statuses?.every((status) => openStatuses.includes(status))
      ? []
      : [...this.archived.values()].filter((entry) => selects(entry.organizationId, entry.requesterId, entry.status));
    const closed = await this.readArchived(closedEntries);
    return [...open, ...closed].sort((a, b) => b.number - a.number);
  }

  /** Resolves when every accepted write is on disk. */
  async flush(): Promise<void> {
    await this.serialised(async () => undefined);
    await this.hot.flush();
  }

  private async appendArchived(request: SeatRequest): Promise<void> {
    const eTag = randomUUID();
    const line = `${JSON.stringify({ eTag, request })}\n`;
    const prefix = this.endsMidLine ? '\n' : '';
    const handle = await open(this.archivePath, 'a');
    try {
      await handle.appendFile(prefix + line, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    this.archiveSize += Buffer.byteLength(prefix);
    this.endsMidLine = false;
    this.index(request, eTag, this.archiveSize, Buffer.byteLength(line) - 1);
    this.archiveSize += Buffer.byteLength(line);
  }

  private async readArchived(entries: readonly ArchivedEntry[]): Promise<SeatRequest[]> {
    if (entries.length === 0) return [];
    const handle = await open(this.archivePath, 'r');
    try {
      const requests: SeatRequest[] = [];
      for (const entry of entries) {
        const buffer = Buffer.alloc(entry.length);
        await handle.read(buffer, 0, entry.length, entry.offset);
        requests.push((JSON.parse(buffer.toString('utf8')) as { request: SeatRequest }).request);
      }
      return requests;
    } finally {
      await handle.close();
    }
  }

  private index(request: SeatRequest, eTag: string, offset: number, length: number): void {
    this.archived.set(request.id, {
      offset,
      length,
      eTag,
      number: request.number,
      status: request.status,
      organizationId: this.shared(request.organization.id.toLowerCase()),
      requesterId: this.shared(request.requester.aadObjectId.toLowerCase()),
    });
    this.archivedByNumber.set(request.number, request.id);
  }

  private shared(name: string): string {
    const known = this.names.get(name);
    if (known !== undefined) return known;
    this.names.set(name, name);
    return name;
  }

  /** Indexes the archive line by line (offsets in bytes); the file is streamed, never held whole. */
  private async loadArchive(): Promise<void> {
    await (await open(this.archivePath, 'a')).close();
    let offset = 0;
    let pending = Buffer.alloc(0);
    const take = (line: Buffer) => {
      const start = offset;
      offset += line.length + 1;
      if (line.length === 0) return;
      try {
        const { eTag, request } = JSON.parse(line.toString('utf8')) as { eTag: string; request: SeatRequest };
        this.index(request, eTag, start, line.length);
      } catch {
        // A line cut short by a crash was never acknowledged; the next append starts after it.
      }
    };
    for await (const chunk of createReadStream(this.archivePath)) {
      pending = Buffer.concat([pending, chunk as Buffer]);
      for (let newline = pending.indexOf(0x0a); newline >= 0; newline = pending.indexOf(0x0a)) {
        take(pending.subarray(0, newline));
        pending = pending.subarray(newline + 1);
      }
    }
    this.archiveSize = offset + pending.length;
    this.endsMidLine = pending.length > 0;
  }

  /** Finishes moves a crash interrupted, and moves closed requests a store from before the split still holds. */
  private async finishMoves(): Promise<void> {
    for (const [key, item] of await this.hot.entries(requestPrefix)) {
      const request = item.request as SeatRequest;
      if (this.archived.has(request.id)) await this.hot.delete([key]);
      else if (!openStatuses.includes(request.status)) {
        await this.appendArchived(request);
        await this.hot.delete([key]);
      }
    }
  }

  private serialised<T>(work: () => Promise<T>): Promise<T> {
    const run = this.tail.then(work, work);
    this.tail = run.catch(() => undefined);
    return run;
  }
}

function keyOf(id: string): string {
  return `${requestPrefix}${id}`;
}
