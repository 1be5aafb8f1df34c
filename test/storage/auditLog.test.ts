import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import type { BillingAuditRecord } from '../../src/services/audit.js';
import { JsonLinesAuditLog } from '../../src/storage/auditLog.js';
import { withTempDir } from '../support/tempDir.js';

const record = (n: number): BillingAuditRecord => ({
  at: new Date(2026, 0, n).toISOString(),
  action: 'billing.link',
  actor: { aadObjectId: `user-${n}` },
  organization: { id: 'org-id', name: 'contoso' },
  newSubscriptionId: `sub-${n}`,
  backend: 'sandbox',
});

describe('JsonLinesAuditLog', () => {
  it('starts empty and keeps every concurrent append, in one line each', () =>
    withTempDir(async (dir) => {
      const log = new JsonLinesAuditLog(join(dir, 'audit', 'audit.jsonl'));
      expect(await log.readAll()).toEqual([]);
      await Promise.all(Array.from({ length: 50 }, (_, n) => log.append(record(n + 1))));
      const records = (await log.readAll()) as BillingAuditRecord[];
      expect(records).toHaveLength(50);
      expect(new Set(records.map((r) => r.newSubscriptionId)).size).toBe(50);
    }));
});
