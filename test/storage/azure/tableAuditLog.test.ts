import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { AuditRecord, BillingAuditRecord, SeatRequestAuditRecord } from '../../../src/services/audit.js';
import { auditEntity, TableAuditLog } from '../../../src/storage/azure/tableAuditLog.js';
import { documentProperties, openTable } from '../../../src/storage/azure/tables.js';
import { startAzurite, type Azurite } from '../../support/azurite.js';

let azurite: Azurite | undefined;
beforeAll(async () => {
  azurite = await startAzurite();
});
afterAll(async () => {
  await azurite?.stop();
});

const billing = (n: number): BillingAuditRecord => ({
  at: `2026-11-0${n}T00:00:00.000Z`,
  action: 'billing.link',
  actor: { aadObjectId: 'admin' },
  organization: { id: `org-${n}`, name: 'contoso' },
  newSubscriptionId: `sub-${n}`,
  backend: 'sandbox',
});

const seat = (n: number, requestId: string): SeatRequestAuditRecord => ({
  at: `2026-11-0${n}T00:00:00.000Z`,
  action: 'seat.approved',
  actor: { aadObjectId: 'approver' },
  organization: { id: 'org-1', name: 'contoso' },
  requestId,
  requestNumber: n,
  statusBefore: 'pending',
  statusAfter: 'approved',
  level: 'Basic',
  people: ['ann@example.com'],
  monthlyDelta: 6,
  backend: 'sandbox',
});

it('spreads records over partitions by request or organization, and reads the whole trail back in write order, older rows included', async () => {
  const table = await openTable({ connectionString: azurite!.connectionString, tablePrefix: 'spread' }, 'audit');
  // A record written before the trail was spread, in the single partition it used then.
  await table.createEntity({ partitionKey: 'audit', rowKey: '000000000000001-000000-legacy', ...documentProperties('legacy', billing(1)) });
  const log = new TableAuditLog(table);
  const written: AuditRecord[] = [seat(2, 'request-a'), billing(3), seat(4, 'request-b'), seat(5, 'request-a'), billing(6)];
  for (const record of written) await log.append(record);

  expect(await log.readAll()).toEqual([billing(1), ...written]);
  const partitions = new Set<string>();
  for await (const entity of table.listEntities()) partitions.add(entity.partitionKey as string);
  expect(partitions.has('audit')).toBe(true);
  expect(partitions.size).toBeGreaterThan(2);
  expect(auditEntity('row', seat(2, 'request-a')).partitionKey).toBe(auditEntity('other', seat(5, 'request-a')).partitionKey);
  expect(auditEntity('row', seat(2, 'request-a')).partitionKey).toMatch(/^request-[0-9a-f]{2}$/);
  expect(auditEntity('row', billing(3)).partitionKey).toMatch(/^organization-[0-9a-f]{2}$/);
});
