import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { RestError } from '@azure/core-rest-pipeline';
import type { TableClient } from '@azure/data-tables';
import { MemoryStorage } from 'botbuilder';
import type { Caller } from '../../../src/azure/ports.js';
import { createSandboxBackend, loadSandboxSeed } from '../../../src/azure/sandbox/sandboxBackend.js';
import { createLogger } from '../../../src/logger.js';
import { SeatRequestService } from '../../../src/services/seatRequests.js';
import { TableAuditLog } from '../../../src/storage/azure/tableAuditLog.js';
import { TableSeatRequestRepository } from '../../../src/storage/azure/tableSeatRequests.js';
import { openTable } from '../../../src/storage/azure/tables.js';
import { startAzurite, type Azurite } from '../../support/azurite.js';
import { playground } from '../../support/botClient.js';
import { seatRequest } from '../seatRequestFixture.js';

let azurite: Azurite | undefined;
beforeAll(async () => {
  azurite = await startAzurite();
});
afterAll(async () => {
  await azurite?.stop();
});

const account = () => ({ connectionString: azurite!.connectionString, tablePrefix: 'review' });
const tables = async (name: string) => {
  await TableSeatRequestRepository.openIn(account(), name);
  const [open, closed] = await Promise.all([openTable(account(), name), openTable(account(), `${name}closed`)]);
  return { open, closed };
};

/** A second instance whose table calls the test steers: the repository's own constructor, over wrapped clients. */
const instanceOver = (open: TableClient, closed: TableClient) =>
  new (TableSeatRequestRepository as unknown as new (open: TableClient, closed: TableClient) => TableSeatRequestRepository)(open, closed);

type Hooks = Partial<Pick<TableClient, 'getEntity' | 'createEntity' | 'deleteEntity' | 'updateEntity'>>;
const steered = (client: TableClient, hooks: Hooks): TableClient =>
  new Proxy(client, {
    get(target, property, receiver) {
      const hook = hooks[property as keyof Hooks];
      if (hook) return hook;
      const value = Reflect.get(target, property, receiver) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });

const signal = () => {
  let fire!: () => void;
  const fired = new Promise<void>((resolve) => (fire = resolve));
  return { fire, fired };
};

describe('Azure seat requests under a move (review of issue 20)', () => {
  it('get finds a request whose move to the archive happens between its two parallel point reads', async () => {
    const { open, closed } = await tables('midmove');
    const closer = instanceOver(open, closed);
    await closer.create(seatRequest(1, { status: 'approved' }));
    const approved = (await closer.get('request-1'))!;

    // The reader's archive read is answered before the close, its open read after the move removed the open row:
    // the order two concurrent HTTP requests can reach the service in.
    const archiveRead = signal();
    const moveDone = signal();
    const reader = instanceOver(
      steered(open, {
        getEntity: (async (...args: Parameters<TableClient['getEntity']>) => {
          await moveDone.fired;
          return open.getEntity(...args);
        }) as TableClient['getEntity'],
      }),
      steered(closed, {
        getEntity: (async (...args: Parameters<TableClient['getEntity']>) => {
          try {
            return await closed.getEntity(...args);
          } finally {
            archiveRead.fire();
          }
        }) as TableClient['getEntity'],
      }),
    );
    const seen = reader.get('request-1');
    await archiveRead.fired;
    expect(await closer.replace({ ...approved.request, status: 'assigned' }, approved.eTag)).toBe(true);
    moveDone.fire();

    expect((await seen)?.request.status).toBe('assigned');
  });

  it('a close whose archive copy fails after the commit reports the committed change, not an error', async () => {
    const { open, closed } = await tables('archivefails');
    const healthy = instanceOver(open, closed);
    await healthy.create(seatRequest(2, { status: 'approved' }));
    const approved = (await healthy.get('request-2'))!;

    const unavailable = instanceOver(
      open,
      steered(closed, {
        createEntity: (async () => {
          throw new RestError('The server is busy.', { statusCode: 503 });
        }) as TableClient['createEntity'],
      }),
    );
    // The compare-and-set on the open row is the commit: it happened, so the caller must be told it won.
    await expect(unavailable.replace({ ...approved.request, status: 'assigned' }, approved.eTag)).resolves.toBe(true);
    expect((await healthy.get('request-2'))?.request.status).toBe('assigned');
  });

  it('an approval whose archive write hiccups once still tells the approver and records seat.assigned', async () => {
    const { open, closed } = await tables('serviceclose');
    let archiveWrites = 0;
    const hiccup = steered(closed, {
      createEntity: (async (...args: Parameters<TableClient['createEntity']>) => {
        archiveWrites += 1;
        if (archiveWrites === 1) throw new RestError('The server is busy.', { statusCode: 503 });
        return closed.createEntity(...args);
      }) as TableClient['createEntity'],
    });
    const audit = new TableAuditLog(await openTable(account(), 'serviceaudit'));
    const service = new SeatRequestService({
      backend: createSandboxBackend({ storage: new MemoryStorage(), seed: loadSandboxSeed() }),
      repository: instanceOver(open, hiccup),
      audit,
      logger: createLogger('silent'),
      now: () => new Date('2026-11-10T09:00:00.000Z'),
      settings: { approverIds: [], remindAfterMs: 3_600_000, expireAfterMs: 86_400_000 },
    });
    const megan: Caller = { aadObjectId: playground.megan.aadObjectId, tenantId: playground.tenantId, displayName: 'Megan Bowen' };
    const alex: Caller = { aadObjectId: playground.alex.aadObjectId, tenantId: playground.tenantId, displayName: 'Alex Wilber' };
    const submitted = await service.submit(megan, {
      organization: { id: '92ed1254-d205-48e1-b839-9fac3e829e8b', name: 'contoso-web' },
      principalNames: ['leeg@example.com'],
      level: 'basic',
      justification: 'release testing',
    });
    if (submitted.kind !== 'submitted') throw new Error(submitted.kind);

    const outcome = await service.approve(alex, submitted.request.id, 1).catch((error: unknown) => ({ kind: 'threw', error }));
    expect(outcome).toMatchObject({ kind: 'done', request: { status: 'assigned' } });
    expect((await audit.readAll()).map((record) => record.action)).toEqual(['seat.requested', 'seat.approved', 'seat.assigned']);
  });
});
