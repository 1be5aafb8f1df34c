import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TableStorage } from '../../src/storage/azure/tableStorage.js';
import { DocumentTooLargeError, openTable } from '../../src/storage/azure/tables.js';
import { ETagConflictError, JsonFileStorage } from '../../src/storage/jsonFileStorage.js';
import type { KeyedStorage } from '../../src/storage/keyedStorage.js';
import { startAzurite, type Azurite } from '../support/azurite.js';

let azurite: Azurite | undefined;
let dir: string;
let tables = 0;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'billing-bot-keyed-'));
  azurite = await startAzurite();
});
afterAll(async () => {
  await azurite?.stop();
  await rm(dir, { recursive: true, force: true });
});

const engines: Array<{ name: string; open(): Promise<KeyedStorage> }> = [
  { name: 'lowdb file', open: async () => JsonFileStorage.open(join(dir, `store-${(tables += 1)}.json`)) },
  {
    name: 'Azure table (Azurite)',
    open: async () => new TableStorage(await openTable({ connectionString: azurite!.connectionString, tablePrefix: 't' }, `keyed${(tables += 1)}`)),
  },
];

describe.each(engines)('keyed storage contract: $name', (engine) => {
  it('reads back what it wrote, with an eTag, and forgets deleted keys', async () => {
    const store = await engine.open();
    await store.write({ 'a/1': { value: 1 }, 'a/2': { value: { nested: ['x'] }, eTag: '*' } });
    const items = await store.read(['a/1', 'a/2', 'missing']);
    expect(items['a/1']).toMatchObject({ value: 1, eTag: expect.any(String) });
    expect(items['a/2']).toMatchObject({ value: { nested: ['x'] } });
    expect(items.missing).toBeUndefined();
    await store.delete(['a/1', 'missing']);
    expect(Object.keys(await store.read(['a/1', 'a/2']))).toEqual(['a/2']);
  });

  it('refuses a write naming an eTag that is no longer current, and accepts the current one', async () => {
    const store = await engine.open();
    await store.write({ k: { value: 1 } });
    const first = (await store.read(['k'])).k!.eTag as string;
    await store.write({ k: { value: 2, eTag: first } });
    await expect(store.write({ k: { value: 3, eTag: first } })).rejects.toBeInstanceOf(ETagConflictError);
    expect((await store.read(['k'])).k).toMatchObject({ value: 2 });
    await store.write({ k: { value: 4, eTag: '*' } });
    expect((await store.read(['k'])).k).toMatchObject({ value: 4 });
  });

  it('lets exactly one of many racing "create only" writes (a made-up eTag on a missing key) win', async () => {
    const store = await engine.open();
    const results = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => store.write({ fresh: { writer: i, eTag: 'not-stored-yet' } })));
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((result) => result.status === 'rejected').every((result) => (result as PromiseRejectedResult).reason instanceof ETagConflictError)).toBe(true);
  });

  it('lists keys by prefix, whatever characters the keys hold', async () => {
    const store = await engine.open();
    const keys = ['msteams/conversations/a:b#c?d/users/x', 'msteams/conversations/a:b#c?d/users/y', 'msteams/other', "it's\\100%"];
    for (const key of keys) await store.write({ [key]: { key } });
    expect((await store.keys('msteams/conversations/a:b#c?d/')).sort()).toEqual(keys.slice(0, 2));
    expect((await store.keys()).sort()).toEqual([...keys].sort());
    expect((await store.read([keys[3]!]))[keys[3]!]).toMatchObject({ key: keys[3] });
  });

  it('deletes what a predicate selects and reports how many', async () => {
    const store = await engine.open();
    for (let i = 0; i < 6; i += 1) await store.write({ [`s/${i}`]: { touchedAt: i } });
    expect(await store.deleteWhere((_key, item) => (item.touchedAt as number) < 4)).toBe(4);
    expect((await store.keys('s/')).sort()).toEqual(['s/4', 's/5']);
  });

  it('keeps a record of 220,000 characters, some beyond ASCII, whole', async () => {
    const store = await engine.open();
    const text = 'é'.repeat(20_000) + 'a'.repeat(200_000) + '😀';
    await store.write({ big: { text } });
    const read = ((await store.read(['big'])).big as { text: string }).text;
    expect(read.length).toBe(text.length);
    expect(read === text).toBe(true);
  });
});

it('Azure tables refuse a record above the entity size limit with the key and size, and store nothing', async () => {
  const store = new TableStorage(await openTable({ connectionString: azurite!.connectionString, tablePrefix: 't' }, 'toolarge'));
  await expect(store.write({ huge: { text: 'x'.repeat(500_000) } })).rejects.toBeInstanceOf(DocumentTooLargeError);
  await expect(store.write({ huge: { text: 'x'.repeat(500_000) } })).rejects.toThrow('"huge" is 500011 characters');
  expect(await store.read(['huge'])).toEqual({});
});
