import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { AuditLog, AuditRecord } from '../services/audit.js';

/**
 * JSON Lines: one `appendFile` per record keeps each write O(record) however long the history grows (a lowdb file
 * would rewrite everything on every write), and an O_APPEND write of one short line is not interleaved with another.
 */
export class JsonLinesAuditLog implements AuditLog {
  constructor(readonly file: string) {}

  async append(record: AuditRecord): Promise<void> {
    await mkdir(dirname(this.file), { recursive: true });
    await appendFile(this.file, `${JSON.stringify(record)}\n`, 'utf8');
  }

  async readAll(): Promise<AuditRecord[]> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    return text
      .split('\n')
      .filter((line) => line.trim().length > 0)
      .map((line) => JSON.parse(line) as AuditRecord);
  }
}
