import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Storage, StoreItems } from 'botbuilder';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import { z } from 'zod';

/**
 * botbuilder `Storage` on one lowdb JSON file, with the same eTag rules as botbuilder's MemoryStorage and
 * CosmosDB storage: a write whose eTag is `*` or absent overwrites; any other eTag must match the stored one or the
 * whole batch is rejected. That compare-and-set is what later lets two approvers race safely.
 *
 * lowdb writes through steno (temp file + rename), so a killed process leaves either the old or the new file,
 * never half of one. Writes are serialised in-process; a batch that fails to reach disk is rolled back in memory
 * so memory never claims what the file does not hold.
 */

export class StoreCorruptedError extends Error {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(
      `The store file ${file} is not valid (${reason}). It was left untouched: restore it from a backup, or move it ` +
        'away to start with an empty store.',
    );
    this.name = 'StoreCorruptedError';
  }
}

export class ETagConflictError extends Error {
  constructor(readonly key: string) {
    super(`Storage: error writing "${key}" due to eTag conflict.`);
    this.name = 'ETagConflictError';
  }
}

type StoredItem = Record<string, unknown> & { eTag: string };
type StoreData = Record<string, StoredItem>;

const storeFileSchema = z.record(z.string(), z.object({ eTag: z.string() }).passthrough());

export class JsonFileStorage implements Storage {
  private tail: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly file: string,
    private readonly db: Low<StoreData>,
  ) {}

  /** Opens (or creates) the file. A file that is not a valid store stops here with `StoreCorruptedError`. */
  static async open(file: string): Promise<JsonFileStorage> {
    await mkdir(dirname(file), { recursive: true });
    const db = new Low<StoreData>(new JSONFile<StoreData>(file), {});
    try {
      await db.read();
    } catch (error) {
      throw new StoreCorruptedError(file, error instanceof Error ? error.message : String(error));
    }
    const parsed = storeFileSchema.safeParse(db.data);
    if (!parsed.success) {
      throw new StoreCorruptedError(file, `unexpected content at ${parsed.error.issues[0]?.path.join('.') || 'top level'}`);
    }
    db.data = parsed.data as StoreData;
    return new JsonFileStorage(file, db);
  }

  async read(keys: string[]): Promise<StoreItems> {
    const items: StoreItems = {};
    for (const key of keys) {
      const item = this.db.data[key];
      if (item !== undefined) items[key] = structuredClone(item);
    }
    return items;
  }

  /** The stored item's eTag, without copying the item (undefined when absent). */
  async eTagOf(key: string): Promise<string | undefined> {
    return this.db.data[key]?.eTag;
  }

  /** Every stored item whose key starts with `prefix`, with its eTag (a scan: the file is in memory). */
  async entries(prefix: string): Promise<Array<[key: string, item: StoredItem]>> {
    return Object.entries(this.db.data)
      .filter(([key]) => key.startsWith(prefix))
      .map(([key, item]) => [key, structuredClone(item)]);
  }

  write(changes: StoreItems): Promise<void> {
    return this.serialised(async () => {
      for (const [key, change] of Object.entries(changes)) {
        const expected = (change as { eTag?: unknown } | null)?.eTag;
        const stored = this.db.data[key];
        if (stored && typeof expected === 'string' && expected !== '*' && expected !== '' && expected !== stored.eTag) {
          throw new ETagConflictError(key);
        }
      }
      await this.commit(Object.keys(changes), () => {
        for (const [key, change] of Object.entries(changes)) {
          this.db.data[key] = { ...structuredClone(change as Record<string, unknown>), eTag: randomUUID() };
        }
      });
    });
  }

  /** Deleting keys that are not stored writes nothing, so "forget this if present" costs no disk write. */
  delete(keys: string[]): Promise<void> {
    return this.serialised(async () => {
      const present = keys.filter((key) => this.db.data[key] !== undefined);
      if (present.length === 0) return;
      await this.commit(present, () => {
        for (const key of present) delete this.db.data[key];
      });
    });
  }

  /** Deletes every item the predicate selects, in one write; returns how many. */
  deleteWhere(select: (key: string, item: Readonly<Record<string, unknown>>) => boolean): Promise<number> {
    return this.serialised(async () => {
      const selected = Object.entries(this.db.data)
        .filter(([key, item]) => select(key, item))
        .map(([key]) => key);
      if (selected.length === 0) return 0;
      await this.commit(selected, () => {
        for (const key of selected) delete this.db.data[key];
      });
      return selected.length;
    });
  }

  /** Every stored key starting with `prefix`. */
  async keys(prefix = ''): Promise<string[]> {
    return Object.keys(this.db.data).filter((key) => key.startsWith(prefix));
  }

  /** Resolves when every write accepted so far is on disk. */
  async flush(): Promise<void> {
    await this.serialised(async () => undefined);
  }

  private async commit(keys: string[], apply: () => void): Promise<void> {
    const before = new Map(keys.map((key) => [key, this.db.data[key]]));
    apply();
    try {
      await this.db.write();
    } catch (error) {
      for (const [key, item] of before) {
        if (item === undefined) delete this.db.data[key];
        else this.db.data[key] = item;
      }
      throw error;
    }
  }

  private serialised<T>(work: () => Promise<T>): Promise<T> {
    const run = this.tail.then(work, work);
    this.tail = run.catch(() => undefined);
    return run;
  }
}
