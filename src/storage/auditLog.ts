import { mkdir, open, readFile, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { AuditLog, AuditRecord } from '../services/audit.js';

/** A line that is not a whole record: what a crash or a full disk leaves in the middle of an append. */
export interface DamagedLine {
  lineNumber: number;
  text: string;
}

export interface AuditLogOptions {
  /** Told about every damaged line a read skips, so it is reported rather than silently dropped. */
  onDamagedLine?: (file: string, line: DamagedLine) => void;
  /** Opens the file for appending; tests inject a failing disk here. */
  openForAppend?: (file: string) => Promise<Pick<FileHandle, 'appendFile' | 'sync' | 'close' | 'read' | 'stat'>>;
}

/**
 * JSON Lines: one append per record keeps each write O(record) however long the history grows (a lowdb file would
 * rewrite everything on every write), and an O_APPEND write of one short line is not interleaved with another.
 * Each append is fsynced before it resolves, so a record the user was told about survives a power cut. A failed
 * append (a full disk) can leave part of a line: the next append starts on a fresh line, and reads skip and report
 * such a line instead of refusing the whole history.
 */
export class JsonLinesAuditLog implements AuditLog {
  /** Until checked, the file may end in the middle of a line (a previous run's failed append). */
  private mayEndMidLine = true;
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    readonly file: string,
    private readonly options: AuditLogOptions = {},
  ) {}

  append(record: AuditRecord): Promise<void> {
    const run = this.tail.then(() => this.write(`${JSON.stringify(record)}\n`));
    this.tail = run.catch(() => undefined);
    return run;
  }

  async readAll(): Promise<AuditRecord[]> {
    return (await this.read()).records;
  }

  /** Every whole record, and the lines that were not whole records (each also reported to `onDamagedLine`). */
  async read(): Promise<{ records: AuditRecord[]; damaged: DamagedLine[] }> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], damaged: [] };
      throw error;
    }
    const records: AuditRecord[] = [];
    const damaged: DamagedLine[] = [];
    text.split('\n').forEach((line, index) => {
      if (line.trim().length === 0) return;
      try {
        records.push(JSON.parse(line) as AuditRecord);
      } catch {
        const entry = { lineNumber: index + 1, text: line.slice(0, 200) };
        damaged.push(entry);
        this.options.onDamagedLine?.(this.file, entry);
      }
    });
    return { records, damaged };
  }

  private async write(line: string): Promise<void> {
    await mkdir(dirname(this.file), { recursive: true });
    const handle = await (this.options.openForAppend ?? ((file) => open(file, 'a+')))(this.file);
    try {
      const prefix = this.mayEndMidLine && (await endsMidLine(handle)) ? '\n' : '';
      this.mayEndMidLine = true;
      await handle.appendFile(prefix + line, 'utf8');
      await handle.sync();
      this.mayEndMidLine = false;
    } finally {
      await handle.close();
    }
  }
}

async function endsMidLine(handle: Pick<FileHandle, 'read' | 'stat'>): Promise<boolean> {
  const { size } = await handle.stat();
  if (size === 0) return false;
  const last = Buffer.alloc(1);
  await handle.read(last, 0, 1, size - 1);
  return last[0] !== 0x0a;
}
