import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { createStores } from '../../src/storage/stores.js';
import { StorageLockedError } from '../../src/storage/storageLock.js';

describe('createStores (lowdb files, the default)', () => {
  let dir: string;
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  it('opens every store the app persists, and close() leaves every accepted write on disk', async () => {
    dir = await mkdtemp(join(tmpdir(), 'billing-bot-stores-'));
    const stores = await createStores({ storageDir: join(dir, 'nested'), backend: 'sandbox' });
    expect(stores.sandboxTenant).toBeDefined();
    await stores.botState.write({ 'state/a': { value: 1, eTag: '*' } });
    await stores.conversationReferences.write({ 'ref/a': { value: 2, eTag: '*' } });
    await stores.audit.append({
      at: '2026-11-30T00:00:00.000Z',
      action: 'billing.link',
      actor: { aadObjectId: 'a' },
      organization: { id: 'o', name: 'org' },
      backend: 'sandbox',
    });
    await stores.close();
    expect(JSON.parse(await readFile(join(dir, 'nested', 'bot-state.json'), 'utf8'))).toMatchObject({ 'state/a': { value: 1 } });
    expect(JSON.parse(await readFile(join(dir, 'nested', 'conversation-references.json'), 'utf8'))).toMatchObject({ 'ref/a': { value: 2 } });
    expect(await stores.audit.readAll()).toHaveLength(1);
  });

  it('has no sandbox store with the Azure backend', async () => {
    dir = await mkdtemp(join(tmpdir(), 'billing-bot-stores-'));
    expect((await createStores({ storageDir: dir, backend: 'azure' })).sandboxTenant).toBeUndefined();
  });

  it('reports not ready when the storage folder is gone', async () => {
    dir = await mkdtemp(join(tmpdir(), 'billing-bot-stores-'));
    const stores = await createStores({ storageDir: dir, backend: 'sandbox' });
    expect(await stores.ready()).toBe(true);
    await rm(dir, { recursive: true, force: true });
    expect(await stores.ready()).toBe(false);
  });

  it('holds the folder until closed: a second open of the same folder is refused with the folder and the pid', async () => {
    dir = await mkdtemp(join(tmpdir(), 'billing-bot-stores-'));
    const stores = await createStores({ storageDir: dir, backend: 'sandbox' });
    const second = createStores({ storageDir: dir, backend: 'sandbox' });
    await expect(second).rejects.toBeInstanceOf(StorageLockedError);
    await expect(second).rejects.toThrow(`${dir} is in use by another bot process (pid ${process.pid})`);
    await stores.close();
    await (await createStores({ storageDir: dir, backend: 'sandbox' })).close();
  });

  it('gives the folder back when a store file cannot be opened', async () => {
    dir = await mkdtemp(join(tmpdir(), 'billing-bot-stores-'));
    await writeFile(join(dir, 'bot-state.json'), '{"half": ');
    await expect(createStores({ storageDir: dir, backend: 'sandbox' })).rejects.toThrow('bot-state.json');
    await rm(join(dir, 'bot-state.json'));
    await (await createStores({ storageDir: dir, backend: 'sandbox' })).close();
  });
});
