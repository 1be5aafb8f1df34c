import { open, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Every store keeps its whole file in memory and checks eTags in process, so two bot processes on one storage
 * folder would silently overwrite each other's files. Until a shared store exists, a folder belongs to one live
 * process: `storage.lock` holds its pid, and a lock whose process is gone (a crash, a killed container) is taken over.
 */

export class StorageLockedError extends Error {
  constructor(
    readonly dir: string,
    readonly pid: number,
    readonly lockFile: string,
  ) {
    super(
      `The storage folder ${dir} is in use by another bot process (pid ${pid}). Two processes on one folder would ` +
        `overwrite each other's data: stop that process, or give this one its own STORAGE_DIR. If no bot runs with ` +
        `pid ${pid}, delete ${lockFile}.`,
    );
    this.name = 'StorageLockedError';
  }
}

export interface StorageLock {
  release(): Promise<void>;
}

/** Folders this process holds: its own pid in a lock it does not hold means a previous run (pid reuse in a container). */
const heldHere = new Set<string>();

export async function lockStorageDir(dir: string): Promise<StorageLock> {
  const lockFile = join(dir, 'storage.lock');
  // Two attempts: the second follows taking over a stale lock.
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(lockFile, 'wx');
      try {
        await handle.writeFile(`${JSON.stringify({ pid: process.pid, since: new Date().toISOString() })}\n`);
        await handle.sync();
      } finally {
        await handle.close();
      }
      heldHere.add(lockFile);
      return {
        async release() {
          heldHere.delete(lockFile);
          await unlink(lockFile).catch(() => undefined);
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = await holderOf(lockFile);
      if (holder !== undefined && isHeld(holder, lockFile)) throw new StorageLockedError(dir, holder, lockFile);
      await unlink(lockFile).catch(() => undefined);
    }
  }
  const holder = (await holderOf(lockFile)) ?? 0;
  throw new StorageLockedError(dir, holder, lockFile);
}

async function holderOf(lockFile: string): Promise<number | undefined> {
  try {
    const pid = (JSON.parse(await readFile(lockFile, 'utf8')) as { pid?: unknown }).pid;
    return typeof pid === 'number' && Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    // Unreadable or half-written (a crash while locking): nobody can be shown to hold it.
    return undefined;
  }
}

function isHeld(pid: number, lockFile: string): boolean {
  if (pid === process.pid) return heldHere.has(lockFile);
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user; it still holds the folder.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
