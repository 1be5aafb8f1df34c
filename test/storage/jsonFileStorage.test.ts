import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { ETagConflictError, JsonFileStorage, StoreCorruptedError } from '../../src/storage/jsonFileStorage.js';
import { withTempDir } from '../support/tempDir.js';

describe('JsonFileStorage', () => {
  it('rejects a write with a stale eTag and keeps the stored value', () =>
    withTempDir(async (dir) => {
      const storage = await JsonFileStorage.open(join(dir, 'state.json'));
      await storage.write({ doc: { value: 1 } });
      const first = (await storage.read(['doc'])).doc;
      await storage.write({ doc: { ...first, value: 2 } });

      await expect(storage.write({ doc: { ...first, value: 3 } })).rejects.toThrow(ETagConflictError);
      expect((await storage.read(['doc'])).doc).toMatchObject({ value: 2 });
    }));

  it.each([['*'], [undefined], ['']])('overwrites when the eTag is %p', (eTag) =>
    withTempDir(async (dir) => {
      const storage = await JsonFileStorage.open(join(dir, 'state.json'));
      await storage.write({ doc: { value: 1 } });
      await storage.write({ doc: { value: 2, eTag } });
      expect((await storage.read(['doc'])).doc).toMatchObject({ value: 2 });
    }));

  it('gives every write a new eTag', () =>
    withTempDir(async (dir) => {
      const storage = await JsonFileStorage.open(join(dir, 'state.json'));
      await storage.write({ doc: { value: 1 } });
      const a = (await storage.read(['doc'])).doc.eTag;
      await storage.write({ doc: { value: 1 } });
      const b = (await storage.read(['doc'])).doc.eTag;
      expect(typeof a).toBe('string');
      expect(a).not.toEqual(b);
    }));

  it('tells an item\'s eTag without reading it: the stored one, a new one after each write, none when absent', () =>
    withTempDir(async (dir) => {
      const storage = await JsonFileStorage.open(join(dir, 'state.json'));
      await expect(storage.eTagOf('doc')).resolves.toBeUndefined();
      await storage.write({ doc: { value: 1 } });
      const first = await storage.eTagOf('doc');
      expect(first).toBe((await storage.read(['doc'])).doc.eTag);
      await storage.write({ doc: { value: 1 } });
      expect(await storage.eTagOf('doc')).not.toBe(first);
      await storage.delete(['doc']);
      await expect(storage.eTagOf('doc')).resolves.toBeUndefined();
    }));

  it('rejects a whole batch when one item conflicts', () =>
    withTempDir(async (dir) => {
      const storage = await JsonFileStorage.open(join(dir, 'state.json'));
      await storage.write({ a: { value: 1 }, b: { value: 1 } });
      await expect(storage.write({ a: { value: 2 }, b: { value: 2, eTag: 'stale' } })).rejects.toThrow(ETagConflictError);
      expect(await storage.read(['a', 'b'])).toMatchObject({ a: { value: 1 }, b: { value: 1 } });
    }));

  it('never loses an update that reported success across 100 concurrent compare-and-set writers', () =>
    withTempDir(async (dir) => {
      const storage = await JsonFileStorage.open(join(dir, 'state.json'));
      await storage.write({ counter: { value: 0, writers: [] as number[] } });

      const increment = async (writer: number): Promise<boolean> => {
        for (let attempt = 0; attempt < 200; attempt++) {
          const current = (await storage.read(['counter'])).counter;
          try {
            await storage.write({ counter: { ...current, value: current.value + 1, writers: [...current.writers, writer] } });
            return true;
          } catch (error) {
            if (!(error instanceof ETagConflictError)) throw error;
          }
        }
        return false;
      };
      const outcomes = await Promise.all(Array.from({ length: 100 }, (_, writer) => increment(writer)));
      const succeeded = outcomes.filter(Boolean).length;

      const reopened = await JsonFileStorage.open(join(dir, 'state.json'));
      const counter = (await reopened.read(['counter'])).counter;
      expect(succeeded).toBe(100);
      expect(counter.value).toBe(succeeded);
      expect(new Set(counter.writers).size).toBe(succeeded);
    }));

  it('keeps data across a restart', () =>
    withTempDir(async (dir) => {
      const file = join(dir, 'state.json');
      const storage = await JsonFileStorage.open(file);
      await storage.write({ 'conversation/1': { topic: 'billing' } });
      await storage.delete(['missing']);
      await storage.flush();

      const reopened = await JsonFileStorage.open(file);
      expect((await reopened.read(['conversation/1']))['conversation/1']).toMatchObject({ topic: 'billing' });
    }));

  it('deletes keys durably', () =>
    withTempDir(async (dir) => {
      const file = join(dir, 'state.json');
      const storage = await JsonFileStorage.open(file);
      await storage.write({ a: { v: 1 }, b: { v: 2 } });
      await storage.delete(['a']);
      const reopened = await JsonFileStorage.open(file);
      expect(Object.keys(await reopened.read(['a', 'b']))).toEqual(['b']);
    }));

  it.each([
    ['truncated JSON', '{"doc": {"eTag": "1", "value"'],
    ['not an object of items', '[1, 2, 3]'],
    ['an item without an eTag', '{"doc": {"value": 1}}'],
  ])('refuses to open a corrupted file (%s), names it and leaves it untouched', (_case, content) =>
    withTempDir(async (dir) => {
      const file = join(dir, 'state.json');
      await writeFile(file, content);
      const opening = JsonFileStorage.open(file);
      await expect(opening).rejects.toThrow(StoreCorruptedError);
      await expect(opening).rejects.toThrow(file);
      expect(await readFile(file, 'utf8')).toBe(content);
    }));

  it('rolls memory back when the file cannot be written', () =>
    withTempDir(async (dir) => {
      const file = join(dir, 'nested', 'state.json');
      const storage = await JsonFileStorage.open(file);
      await storage.write({ doc: { value: 1 } });
      const { rm } = await import('node:fs/promises');
      await rm(join(dir, 'nested'), { recursive: true });
      await writeFile(join(dir, 'nested'), 'now a file, so the directory is gone');

      await expect(storage.write({ doc: { value: 2 } })).rejects.toThrow();
      expect((await storage.read(['doc'])).doc).toMatchObject({ value: 1 });
    }));
});
