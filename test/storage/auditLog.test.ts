import { open, writeFile, type FileHandle } from 'node:fs/promises';
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

describe('JsonLinesAuditLog after a failed append (point 8 of the hardening issue)', () => {
  it('reads past a torn last line, reports it, and starts the next record on a fresh line', () =>
    withTempDir(async (dir) => {
      const file = join(dir, 'audit.jsonl');
      const reported: Array<{ lineNumber: number; text: string }> = [];
      await writeFile(file, `${JSON.stringify(record(1))}\n{"at":"2026-01-02T00:00:00.000Z","action":"billing.li`);
      const log = new JsonLinesAuditLog(file, { onDamagedLine: (_file, line) => reported.push(line) });

      const read = await log.read();
      expect(read.records).toEqual([record(1)]);
      expect(read.damaged).toEqual([{ lineNumber: 2, text: '{"at":"2026-01-02T00:00:00.000Z","action":"billing.li' }]);
      expect(reported).toEqual(read.damaged);

      await log.append(record(3));
      expect(await log.readAll()).toEqual([record(1), record(3)]);
    }));

  it('survives a disk that fills up in the middle of a line: the record before and the one after stay readable', () =>
    withTempDir(async (dir) => {
      const file = join(dir, 'audit.jsonl');
      let diskFull = false;
      const syncs: string[] = [];
      const log = new JsonLinesAuditLog(file, {
        openForAppend: async (path) => {
          const handle = await open(path, 'a+');
          return {
            read: handle.read.bind(handle),
            stat: handle.stat.bind(handle),
            close: handle.close.bind(handle),
            sync: async () => {
              syncs.push('sync');
              await handle.sync();
            },
            appendFile: async (data: string | Uint8Array) => {
              const text = String(data);
              if (!diskFull) return handle.appendFile(text);
              // What ENOSPC leaves behind: the part of the line that still fitted.
              await handle.appendFile(text.slice(0, Math.floor(text.length / 2)));
              throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
            },
          } as unknown as FileHandle;
        },
      });

      await log.append(record(1));
      diskFull = true;
      await expect(log.append(record(2))).rejects.toThrow('ENOSPC');
      diskFull = false;
      await log.append(record(3));

      const read = await log.read();
      expect(read.records).toEqual([record(1), record(3)]);
      expect(read.damaged).toHaveLength(1);
      // Every successful append reached the disk before it resolved.
      expect(syncs).toHaveLength(2);
    }));
});
