import type { TableClient } from '@azure/data-tables';
import type { SeatRequestQuery, SeatRequestRepository, StoredSeatRequest } from '../../approvals/repository.js';
import { openStatuses, type SeatRequest } from '../../approvals/seatRequest.js';
import { bucketOf, documentOf, documentProperties, escape, openTable, statusOf, type TableAccount } from './tables.js';

/** Open requests keep the partition every request had before closed ones moved out, so an older store opens as is. */
const openPartition = 'request';
const counterPartition = 'counter';
const counterRow = 'seat-request-number';
const closedPrefix = 'closed-';
const numberPrefix = 'number-';

type Entity = Record<string, unknown> & { etag: string };

/**
 * Seat requests in two tables, split by temperature as the lowdb store is. Open requests (the only ones approvals,
 * reminders and expiry change) share one partition of `<name>`, so "pending approvals for these organizations" is a
 * query of that one small partition. A request that closes moves to `<name>closed`, spread over 256 partitions by a
 * hash of its id, with a row per number (partition by number) so "request 12" is two point reads. Every lookup an
 * approval makes is a point read, whether the history holds 100 requests or 100,000.
 *
 * Closing is the compare-and-set on the open row (the commit); the copy to the archive and the removal of the open row
 * follow. A closed row left in the open partition (a crash between the writes, or a store from before the split) is
 * never changed again, only moved: when the store opens, and by any read that meets it. Each step of a move is
 * create-only or conditional, so two instances finishing the same move, or a late one, cannot overwrite a newer copy.
 */
export class TableSeatRequestRepository implements SeatRequestRepository {
  private constructor(
    private readonly open: TableClient,
    private readonly closed: TableClient,
  ) {}

  /** Opens (creating when missing) `<prefix><name>` and `<prefix><name>closed`, and finishes moves a crash interrupted. */
  static async openIn(account: TableAccount, name = 'seatrequests'): Promise<TableSeatRequestRepository> {
    const [open, closed] = await Promise.all([openTable(account, name), openTable(account, `${name}closed`)]);
    const repository = new TableSeatRequestRepository(open, closed);
    await repository.finishMoves();
    return repository;
  }

  async nextNumber(): Promise<number> {
    for (;;) {
      let current: { value: number; etag: string } | undefined;
      try {
        const entity = await this.open.getEntity<{ value: number }>(counterPartition, counterRow);
        current = { value: entity.value, etag: entity.etag };
      } catch (error) {
        if (statusOf(error) !== 404) throw error;
      }
      const value = (current?.value ?? 0) + 1;
      const entity = { partitionKey: counterPartition, rowKey: counterRow, value };
      try {
        if (current) await this.open.updateEntity(entity, 'Replace', { etag: current.etag });
        else await this.open.createEntity(entity);
        return value;
      } catch (error) {
        if (statusOf(error) !== 412 && statusOf(error) !== 409) throw error;
      }
    }
  }

  async create(request: SeatRequest): Promise<void> {
    await this.open.createEntity(seatRequestEntity(request));
  }

  /** Both places are read at once: one round trip whether the request is open or closed (losers of a race read a closed one). */
  async get(id: string): Promise<StoredSeatRequest | undefined> {
    let [open, closed] = await Promise.all([pointRead(this.open, openPartition, id), pointRead(this.closed, closedPartitionOf(id), id)]);
    if (open) {
      const request = documentOf<SeatRequest>(open);
      if (openStatuses.includes(request.status)) return { request, eTag: open.etag };
      await this.finishMove(request, open.etag);
      closed = await pointRead(this.closed, closedPartitionOf(id), id);
    } else if (!closed) {
      // Both missed when a move ran between the two reads (archive read first, open row deleted before its read).
      // The archived copy is written before the open row is deleted, so one more read of it cannot miss.
      closed = await pointRead(this.closed, closedPartitionOf(id), id);
    }
    return closed ? { request: documentOf<SeatRequest>(closed), eTag: closed.etag } : undefined;
  }

  async getByNumber(number: number): Promise<StoredSeatRequest | undefined> {
    const filter = `PartitionKey eq '${openPartition}' and number eq ${Math.trunc(number)}`;
    for await (const entity of this.open.listEntities<Record<string, unknown>>({ queryOptions: { filter } })) {
      return this.get(documentOf<SeatRequest>(entity).id);
    }
    const indexed = await pointRead(this.closed, numberPartitionOf(number), numberRowOf(number));
    return indexed ? this.get(indexed.requestId as string) : undefined;
  }

  async replace(request: SeatRequest, eTag: string): Promise<boolean> {
    const entity = seatRequestEntity(request);
    let written: { etag?: string } | undefined;
    try {
      written = await this.open.updateEntity(entity, 'Replace', { etag: eTag });
    } catch (error) {
      if (statusOf(error) === 412) return false;
      if (statusOf(error) !== 404) throw error;
    }
    if (written) {
      // The change is committed: a failed move must not turn it into an error (the caller would redo or report work
      // that is done). The closed row left in the open partition is moved by the next read or the next start.
      if (!openStatuses.includes(request.status)) await this.finishMove(request, written.etag ?? '').catch(() => undefined);
      return true;
    }
    // Not open: only a closed request's later changes (cards posted) land here, on its archived row.
    if (openStatuses.includes(request.status)) return false;
    try {
      await this.closed.updateEntity({ ...entity, partitionKey: closedPartitionOf(request.id) }, 'Replace', { etag: eTag });
      return true;
    } catch (error) {
      if (statusOf(error) === 412 || statusOf(error) === 404) return false;
      throw error;
    }
  }

  /**
   * Only open statuses: one query of the open partition. Anything that may be closed (a requester's own list) also
   * filters the archive, which Table storage answers by scanning it; no approval, reminder or expiry asks that.
   */
  async list(query: SeatRequestQuery): Promise<SeatRequest[]> {
    if (query.organizationIds?.length === 0 || query.statuses?.length === 0) return [];
    const clauses: string[] = [];
    const anyOf = (column: string, values: readonly string[]) =>
      `(${values.map((value) => `${column} eq '${escape(value)}'`).join(' or ')})`;
    if (query.organizationIds) clauses.push(anyOf('organizationId', query.organizationIds.map((id) => id.toLowerCase())));
    if (query.requesterId) clauses.push(anyOf('requesterId', [query.requesterId.toLowerCase()]));
    if (query.statuses) clauses.push(anyOf('status', query.statuses));
    const found = new Map<string, SeatRequest>();
    const collect = async (table: TableClient, partitions: string) => {
      const filter = [partitions, ...clauses].join(' and ');
      for await (const entity of table.listEntities<Record<string, unknown>>({ queryOptions: { filter } })) {
        const request = documentOf<SeatRequest>(entity);
        // A request met in both (a move under way) is the archived copy: the open row of a closed request never changes.
        if (table === this.closed || !found.has(request.id)) found.set(request.id, request);
      }
    };
    await collect(this.open, `PartitionKey eq '${openPartition}'`);
    if (!query.statuses?.every((status) => openStatuses.includes(status))) {
      await collect(this.closed, `PartitionKey ge '${closedPrefix}' and PartitionKey lt '${closedPrefix}~'`);
    }
    return [...found.values()].sort((a, b) => b.number - a.number);
  }

  /** Copies a closed request out of the open partition (create-only, so a newer archived copy wins), then removes it. */
  private async finishMove(request: SeatRequest, openETag: string): Promise<void> {
    await Promise.all(closedSeatRequestEntities(request).map((entity) => createOnce(this.closed, entity)));
    try {
      await this.open.deleteEntity(openPartition, request.id, { etag: openETag });
    } catch (error) {
      if (statusOf(error) !== 404 && statusOf(error) !== 412) throw error;
    }
  }

  /** The open partition is small (open requests only), so reading it whole on start-up costs little. */
  private async finishMoves(): Promise<void> {
    const filter = `PartitionKey eq '${openPartition}'`;
    for await (const entity of this.open.listEntities<Record<string, unknown>>({ queryOptions: { filter } })) {
      const request = documentOf<SeatRequest>(entity);
      if (!openStatuses.includes(request.status)) await this.finishMove(request, entity.etag);
    }
  }
}

async function pointRead(table: TableClient, partitionKey: string, rowKey: string): Promise<Entity | undefined> {
  try {
    return await table.getEntity<Record<string, unknown>>(partitionKey, rowKey);
  } catch (error) {
    if (statusOf(error) === 404) return undefined;
    throw error;
  }
}

async function createOnce(table: TableClient, entity: { partitionKey: string; rowKey: string }): Promise<void> {
  try {
    await table.createEntity(entity);
  } catch (error) {
    if (statusOf(error) !== 409) throw error;
  }
}

function closedPartitionOf(id: string): string {
  return `${closedPrefix}${bucketOf(id)}`;
}

function numberPartitionOf(number: number): string {
  return `${numberPrefix}${bucketOf(String(number))}`;
}

function numberRowOf(number: number): string {
  return String(Math.trunc(number)).padStart(12, '0');
}

/** The entity one open request is stored as (exported for bulk loads such as the growth bench). */
export function seatRequestEntity(request: SeatRequest) {
  return {
    partitionKey: openPartition,
    rowKey: request.id,
    number: request.number,
    status: request.status,
    organizationId: request.organization.id.toLowerCase(),
    requesterId: request.requester.aadObjectId.toLowerCase(),
    ...documentProperties(request.id, request),
  };
}

/** The rows a closed request is archived as (exported for bulk loads such as the growth bench). */
export function closedSeatRequestEntities(request: SeatRequest) {
  return [
    { ...seatRequestEntity(request), partitionKey: closedPartitionOf(request.id) },
    { partitionKey: numberPartitionOf(request.number), rowKey: numberRowOf(request.number), requestId: request.id },
  ];
}
