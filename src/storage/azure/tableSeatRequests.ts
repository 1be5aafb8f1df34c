import type { TableClient } from '@azure/data-tables';
import type { SeatRequestQuery, SeatRequestRepository, StoredSeatRequest } from '../../approvals/repository.js';
import type { SeatRequest } from '../../approvals/seatRequest.js';
import { documentOf, documentProperties, escape, statusOf } from './tables.js';

const requestPartition = 'request';
const counterPartition = 'counter';
const counterRow = 'seat-request-number';

/**
 * Seat requests in their own table, one entity per request. Besides the document, each entity carries the columns
 * the app asks by (status, organization, requester, number), so "pending requests of this organization" is a query
 * the service answers, not a scan in the bot. Every change is If-Match on the entity's eTag.
 */
export class TableSeatRequestRepository implements SeatRequestRepository {
  constructor(private readonly table: TableClient) {}

  async nextNumber(): Promise<number> {
    for (;;) {
      let current: { value: number; etag: string } | undefined;
      try {
        const entity = await this.table.getEntity<{ value: number }>(counterPartition, counterRow);
        current = { value: entity.value, etag: entity.etag };
      } catch (error) {
        if (statusOf(error) !== 404) throw error;
      }
      const value = (current?.value ?? 0) + 1;
      const entity = { partitionKey: counterPartition, rowKey: counterRow, value };
      try {
        if (current) await this.table.updateEntity(entity, 'Replace', { etag: current.etag });
        else await this.table.createEntity(entity);
        return value;
      } catch (error) {
        if (statusOf(error) !== 412 && statusOf(error) !== 409) throw error;
      }
    }
  }

  async create(request: SeatRequest): Promise<void> {
    await this.table.createEntity(seatRequestEntity(request));
  }

  async get(id: string): Promise<StoredSeatRequest | undefined> {
    try {
      const entity = await this.table.getEntity<Record<string, unknown>>(requestPartition, id);
      return { request: documentOf<SeatRequest>(entity), eTag: entity.etag };
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw error;
    }
  }

  async getByNumber(number: number): Promise<StoredSeatRequest | undefined> {
    const filter = `PartitionKey eq '${requestPartition}' and number eq ${Math.trunc(number)}`;
    for await (const entity of this.table.listEntities<Record<string, unknown>>({ queryOptions: { filter } })) {
      return { request: documentOf<SeatRequest>(entity), eTag: entity.etag };
    }
    return undefined;
  }

  async replace(request: SeatRequest, eTag: string): Promise<boolean> {
    try {
      await this.table.updateEntity(seatRequestEntity(request), 'Replace', { etag: eTag });
      return true;
    } catch (error) {
      if (statusOf(error) === 412 || statusOf(error) === 404) return false;
      throw error;
    }
  }

  async list(query: SeatRequestQuery): Promise<SeatRequest[]> {
    const clauses = [`PartitionKey eq '${requestPartition}'`];
    const anyOf = (column: string, values: readonly string[]) =>
      `(${values.map((value) => `${column} eq '${escape(value)}'`).join(' or ')})`;
    if (query.organizationIds) {
      if (query.organizationIds.length === 0) return [];
      clauses.push(anyOf('organizationId', query.organizationIds.map((id) => id.toLowerCase())));
    }
    if (query.requesterId) clauses.push(anyOf('requesterId', [query.requesterId.toLowerCase()]));
    if (query.statuses) {
      if (query.statuses.length === 0) return [];
      clauses.push(anyOf('status', query.statuses));
    }
    const found: SeatRequest[] = [];
    for await (const entity of this.table.listEntities<Record<string, unknown>>({ queryOptions: { filter: clauses.join(' and ') } })) {
      found.push(documentOf<SeatRequest>(entity));
    }
    return found.sort((a, b) => b.number - a.number);
  }
}

/** The entity one request is stored as (exported for bulk loads such as the growth bench). */
export function seatRequestEntity(request: SeatRequest) {
  return {
    partitionKey: requestPartition,
    rowKey: request.id,
    number: request.number,
    status: request.status,
    organizationId: request.organization.id.toLowerCase(),
    requesterId: request.requester.aadObjectId.toLowerCase(),
    ...documentProperties(request.id, request),
  };
}
