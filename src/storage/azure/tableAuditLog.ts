import { randomBytes } from 'node:crypto';
import type { TableClient } from '@azure/data-tables';
import type { AuditLog, AuditRecord } from '../../services/audit.js';
import { documentOf, documentProperties } from './tables.js';

const partition = 'audit';

/**
 * The audit trail as one insert-only entity per record. The row key starts with the write time, so the table reads
 * back in the order records were written; the random tail keeps two instances writing in the same millisecond
 * apart. A record is never updated (`createEntity` fails rather than overwrite).
 */
export class TableAuditLog implements AuditLog {
  private lastMs = 0;
  private sequence = 0;

  constructor(private readonly table: TableClient) {}

  async append(record: AuditRecord): Promise<void> {
    await this.table.createEntity(auditEntity(this.nextRowKey(), record));
  }

  async readAll(): Promise<AuditRecord[]> {
    const records: AuditRecord[] = [];
    const entities = this.table.listEntities<Record<string, unknown>>({ queryOptions: { filter: `PartitionKey eq '${partition}'` } });
    for await (const entity of entities) records.push(documentOf<AuditRecord>(entity));
    return records;
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
    partitionKey: partition,
    rowKey,
    action: record.action,
    organizationId: record.organization.id.toLowerCase(),
    ...('requestId' in record ? { requestId: record.requestId } : {}),
    ...documentProperties(rowKey, record),
  };
}
