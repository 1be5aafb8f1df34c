import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MemoryStorage } from 'botbuilder';
import { createSandboxBackend, loadSandboxSeed } from '../../src/azure/sandbox/sandboxBackend.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import type { SeatRequestAuditRecord } from '../../src/services/audit.js';
import { SeatRequestService } from '../../src/services/seatRequests.js';
import { createStores, type AppStores } from '../../src/storage/stores.js';
import { startAzurite, type Azurite } from '../support/azurite.js';
import { seatRequest } from './seatRequestFixture.js';

let azurite: Azurite | undefined;
beforeAll(async () => {
  azurite = await startAzurite();
});
afterAll(async () => {
  await azurite?.stop();
});

const open = (prefix: string): Promise<AppStores> =>
  createStores(loadConfig({ STORAGE: 'azure', AZURE_STORAGE_CONNECTION_STRING: azurite!.connectionString, AZURE_STORAGE_TABLE_PREFIX: prefix }));

describe('createStores with STORAGE=azure', () => {
  it('opens every store in tables that a second instance sees, with no folder lock, and reports ready', async () => {
    const first = await open('shared');
    const second = await open('shared');
    expect(first.sandboxTenant).toBeDefined();
    await first.botState.write({ 'state/a': { value: 1 } });
    await first.conversationReferences.write({ 'ref/a': { value: 2 } });
    await first.settings.write({ 'settings/a': { value: 3 } });
    await first.billingChanges.write({ 'change/a': { value: 4 } });
    await first.seatRequests.create(seatRequest(1));
    await first.audit.append({
      at: '2026-11-30T00:00:00.000Z',
      action: 'billing.link',
      actor: { aadObjectId: 'a' },
      organization: { id: 'o', name: 'org' },
      backend: 'sandbox',
    });
    expect(await second.botState.read(['state/a'])).toMatchObject({ 'state/a': { value: 1 } });
    expect(await second.conversationReferences.read(['ref/a'])).toMatchObject({ 'ref/a': { value: 2 } });
    expect(await second.settings.read(['settings/a'])).toMatchObject({ 'settings/a': { value: 3 } });
    expect(await second.billingChanges.keys('change/')).toEqual(['change/a']);
    expect((await second.seatRequests.get('request-1'))?.request.number).toBe(1);
    expect(await second.audit.readAll()).toEqual([expect.objectContaining({ action: 'billing.link' })]);
    expect(await first.ready()).toBe(true);
    await Promise.all([first.close(), second.close()]);
  });

  it('reports not ready when the storage service does not answer', async () => {
    const stores = await open('gone');
    await azurite!.stop();
    try {
      expect(await stores.ready()).toBe(false);
    } finally {
      azurite = await startAzurite();
    }
  });
});

describe('reminders and expiry with two instances on one store', () => {
  it('claims each due request once: 20 due requests, both instances run the check at the same moment', async () => {
    const clock = new Date('2026-12-10T00:00:00Z');
    const instances = await Promise.all([open('due'), open('due')]);
    const services = instances.map(
      (stores) =>
        new SeatRequestService({
          backend: createSandboxBackend({ storage: new MemoryStorage(), seed: loadSandboxSeed() }),
          repository: stores.seatRequests,
          audit: stores.audit,
          logger: createLogger('silent'),
          now: () => clock,
          settings: { approverIds: [], remindAfterMs: 3_600_000, expireAfterMs: 86_400_000 },
        }),
    );
    for (let number = 1; number <= 20; number += 1) {
      const due = seatRequest(number);
      // Odd numbers are past expiry; even ones only past their reminder time.
      await instances[0]!.seatRequests.create({ ...due, remindAt: '2026-12-09T00:00:00Z', expiresAt: number % 2 ? '2026-12-09T12:00:00Z' : '2026-12-20T00:00:00Z' });
    }

    const [one, two] = await Promise.all(services.map((service) => service.processDue()));
    const reminded = [...one!.reminded, ...two!.reminded].map((request) => request.number).sort((a, b) => a - b);
    const expired = [...one!.expired, ...two!.expired].map((request) => request.number).sort((a, b) => a - b);
    expect(reminded).toEqual([2, 4, 6, 8, 10, 12, 14, 16, 18, 20]);
    expect(expired).toEqual([1, 3, 5, 7, 9, 11, 13, 15, 17, 19]);
    const records = (await instances[1]!.audit.readAll()) as SeatRequestAuditRecord[];
    expect(records.filter((record) => record.action === 'seat.reminded')).toHaveLength(10);
    expect(records.filter((record) => record.action === 'seat.expired')).toHaveLength(10);

    const again = await Promise.all(services.map((service) => service.processDue()));
    expect(again.flatMap((due) => [...due.reminded, ...due.expired])).toEqual([]);
  });
});
