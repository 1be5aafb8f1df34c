import { randomBytes } from 'node:crypto';
import type { TableClient } from '@azure/data-tables';
import type { AuditLog, AuditRecord } from '../../services/audit.js';
import { bucketOf, documentOf, documentProperties } from './tables.js';

/**
 * The audit trail as one insert-only entity per record. The row key starts with the write time and a per-instance
 * sequence, so one instance's records sort in the order it wrote them; across instances the order is the order of
 * their clocks, and two records written in the same millisecond by different instances may read back either way
 * round (the random tail only keeps them apart). Every step of a request is recorded by the instance that made it
 * after the step before was stored, so a request's own trail keeps its order unless the hosts' clocks disagree. A
 * record is never updated (`createEntity` fails rather than overwrite).
 *
 * Records are spread over 256 partitions by a hash of their request (or, for billing changes, their organization), so
 * an append lands in a partition that stays small as the trail grows, and a request's trail is one narrow partition
 * query. Records written before the spread stay in their `audit` partition and are still read.
 */
export class TableAuditLog implements AuditLog {
  private lastMs = 0;
  private sequence = 0;

  constructor(private readonly table: TableClient) {}

  async append(record: AuditRecord): Promise<void> {
    await this.table.createEntity(auditEntity(this.nextRowKey(), record));
  }

  /** The whole trail in write order (an export reads everything anyway: the table is scanned once). */
  async readAll(): Promise<AuditRecord[]> {
    const rows: Array<{ rowKey: string; record: AuditRecord }> = [];
    for await (const entity of this.table.listEntities<Record<string, unknown>>()) {
      rows.push({ rowKey: entity.rowKey as string, record: documentOf<AuditRecord>(entity) });
    }
    return rows.sort((a, b) => (a.rowKey < b.rowKey ? -1 : a.rowKey > b.rowKey ? 1 : 0)).map((row) => row.record);
  }

  private nextRowKey(): string {
    const now = Date.now();
    this.sequence = now === this.lastMs ? this.sequence + 1 : 0;
    this.lastMs = now;
    return `${String(now).padStart(15, '0')}-${String(this.sequence).padStart(6, '0')}-${randomBytes(6).toString('hex')}`;
  }
}

/** The entity one record is stored as (exported for bulk loads such as the growth bench). */
export function auditEntity(rowKey: string, record: AuditRecord) {
  return {
    partitionKey: 'requestId' in record ? `request-${bucketOf(record.requestId)}` : `organization-${bucketOf(record.organization.id.toLowerCase())}`,
    rowKey,
    action: record.action,
    organizationId: record.organization.id.toLowerCase(),
    ...('requestId' in record ? { requestId: record.requestId } : {}),
    ...documentProperties(rowKey, record),
  };
}
