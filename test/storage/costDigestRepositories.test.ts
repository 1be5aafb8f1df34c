import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { CostDigestRepository, CostDigestSchedule } from '../../src/services/costDigestSchedule.js';
import { TableStorage } from '../../src/storage/azure/tableStorage.js';
import { openTable } from '../../src/storage/azure/tables.js';
import { StorageCostDigestRepository } from '../../src/storage/costDigestStore.js';
import { JsonFileStorage } from '../../src/storage/jsonFileStorage.js';
import { startAzurite, type Azurite } from '../support/azurite.js';

let azurite: Azurite | undefined;
let root: string;
let opened = 0;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'billing-bot-digests-'));
  azurite = await startAzurite();
});
afterAll(async () => {
  await azurite?.stop();
  await rm(root, { recursive: true, force: true });
});

/** Each engine opens a fresh store, and can open another handle on the same one (a restart, or a second instance). */
const engines: Array<{ name: string; sharedByInstances: boolean; fresh(): Promise<{ open(): Promise<CostDigestRepository> }> }> = [
  {
    name: 'lowdb file',
    // One process per STORAGE_DIR (its lock): a second handle on the file is a restart, never a concurrent writer.
    sharedByInstances: false,
    async fresh() {
      const file = join(root, `digests-${(opened += 1)}.json`);
      return { open: async () => new StorageCostDigestRepository(await JsonFileStorage.open(file)) };
    },
  },
  {
    name: 'Azure table (Azurite)',
    sharedByInstances: true,
    async fresh() {
      const name = `digests${(opened += 1)}`;
      return {
        open: async () => new StorageCostDigestRepository(new TableStorage(await openTable({ connectionString: azurite!.connectionString, tablePrefix: 't' }, name))),
      };
    },
  },
];

const schedule = (organizationId: string, change: Partial<CostDigestSchedule> = {}): CostDigestSchedule => ({
  organization: { id: organizationId, name: `org-${organizationId}` },
  tenantId: 'tenant-1',
  active: true,
  inactiveDays: 30,
  subscriber: { aadObjectId: 'alex', displayName: 'Alex Wilber' },
  changedBy: { aadObjectId: 'alex', displayName: 'Alex Wilber' },
  changedAt: '2026-11-10T10:00:00.000Z',
  nextRunAt: '2026-12-01T09:00:00.000Z',
  ...change,
});

describe.each(engines)('cost digest repository contract: $name', (engine) => {
  it('creates a schedule once, reads it back by organization id in any case, and lists every schedule', async () => {
    const repository = await (await engine.fresh()).open();
    expect(await repository.list()).toEqual([]);
    expect(await repository.get('ORG-A')).toBeUndefined();
    expect(await repository.put(schedule('ORG-A'))).toBe(true);
    expect(await repository.put(schedule('org-a', { inactiveDays: 90 }))).toBe(false);
    expect(await repository.put(schedule('org-b'))).toBe(true);
    expect((await repository.get('org-a'))?.schedule).toEqual(schedule('ORG-A'));
    expect((await repository.list()).map((stored) => stored.schedule.organization.id).sort()).toEqual(['ORG-A', 'org-b']);
  });

  it('replaces only with the eTag read: of 10 concurrent writers (on two instances where the engine is shared), exactly one wins', async () => {
    const store = await engine.fresh();
    const first = await store.open();
    const second = engine.sharedByInstances ? await store.open() : first;
    await first.put(schedule('org-a'));
    const read = (await first.get('org-a'))!;
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? first : second).put({ ...read.schedule, inactiveDays: 31 + i }, read.eTag)),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    const winner = 31 + results.indexOf(true);
    const after = (await second.get('org-a'))!;
    expect(after.schedule).toEqual({ ...read.schedule, inactiveDays: winner });
    expect(after.eTag).not.toBe(read.eTag);
    expect(await first.put({ ...read.schedule, active: false }, read.eTag)).toBe(false);
    expect(await first.put({ ...after.schedule, active: false }, after.eTag)).toBe(true);
  });

  it('keeps what was written across a reopen (a restart)', async () => {
    const store = await engine.fresh();
    const before = await store.open();
    await before.put(schedule('org-a', { lastRun: { dueAt: '2026-12-01T09:00:00.000Z', claimedAt: '2026-12-01T09:00:02.000Z', outcome: 'sent' } }));
    const after = await store.open();
    expect((await after.get('org-a'))?.schedule.lastRun?.outcome).toBe('sent');
  });
});
