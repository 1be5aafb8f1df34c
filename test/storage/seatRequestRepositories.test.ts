import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { SeatRequestRepository } from '../../src/approvals/repository.js';
import type { TableClient } from '@azure/data-tables';
import { seatRequestEntity, TableSeatRequestRepository } from '../../src/storage/azure/tableSeatRequests.js';
import { openTable } from '../../src/storage/azure/tables.js';
import { JsonSeatRequestRepository } from '../../src/storage/seatRequestStore.js';
import { startAzurite, type Azurite } from '../support/azurite.js';
import { seatRequest } from './seatRequestFixture.js';

let azurite: Azurite | undefined;
let root: string;
let opened = 0;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'billing-bot-requests-'));
  azurite = await startAzurite();
});
afterAll(async () => {
  await azurite?.stop();
  await rm(root, { recursive: true, force: true });
});

/** Each engine opens a fresh store, and can open a second handle on the same one (a restart, or a second instance). */
const engines: Array<{ name: string; fresh(): Promise<{ open(): Promise<SeatRequestRepository> }> }> = [
  {
    name: 'lowdb files',
    async fresh() {
      const dir = join(root, `store-${(opened += 1)}`);
      return { open: () => JsonSeatRequestRepository.open(dir) };
    },
  },
  {
    name: 'Azure table (Azurite)',
    async fresh() {
      const name = `requests${(opened += 1)}`;
      return { open: () => TableSeatRequestRepository.openIn({ connectionString: azurite!.connectionString, tablePrefix: 't' }, name) };
    },
  },
];

describe.each(engines)('seat request repository contract: $name', (engine) => {
  it('hands out unique numbers to 20 concurrent callers', async () => {
    const repository = await (await engine.fresh()).open();
    const numbers = await Promise.all(Array.from({ length: 20 }, () => repository.nextNumber()));
    expect([...numbers].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('finds requests by id and number, open or closed, and lists them by organization, requester and status, newest first', async () => {
    const store = await engine.fresh();
    const repository = await store.open();
    await repository.create(seatRequest(1));
    await repository.create(seatRequest(2, { organizationId: 'ORG-B' }));
    await repository.create(seatRequest(3, { requesterId: 'Requester-2' }));
    await repository.create(seatRequest(4));
    const four = (await repository.get('request-4'))!;
    expect(await repository.replace({ ...four.request, status: 'rejected' }, four.eTag)).toBe(true);

    const numbers = async (query: Parameters<SeatRequestRepository['list']>[0]) => (await repository.list(query)).map((request) => request.number);
    const cases: Array<[Parameters<SeatRequestRepository['list']>[0], number[]]> = [
      [{}, [4, 3, 2, 1]],
      [{ organizationIds: ['org-a'] }, [4, 3, 1]],
      [{ organizationIds: ['ORG-B', 'org-a'], statuses: ['pending'] }, [3, 2, 1]],
      [{ requesterId: 'requester-2' }, [3]],
      [{ statuses: ['rejected', 'expired'] }, [4]],
      // Open statuses only (every approval asks this) and open mixed with closed ones.
      [{ statuses: ['pending', 'approved', 'assignment_failed'] }, [3, 2, 1]],
      [{ organizationIds: ['org-a'], statuses: ['pending', 'rejected'] }, [4, 3, 1]],
      [{ statuses: [] }, []],
      [{ organizationIds: [] }, []],
    ];
    for (const [query, expected] of cases) expect(await numbers(query)).toEqual(expected);
    expect((await repository.getByNumber(4))?.request.status).toBe('rejected');
    expect((await repository.getByNumber(2))?.request.organization.id).toBe('ORG-B');
    expect(await repository.getByNumber(99)).toBeUndefined();
    expect(await repository.get('missing')).toBeUndefined();

    const reopened = await store.open();
    expect((await reopened.list({})).map((request) => [request.number, request.status])).toEqual([
      [4, 'rejected'],
      [3, 'pending'],
      [2, 'pending'],
      [1, 'pending'],
    ]);
  });

  it('lets exactly one of 20 concurrent changes naming the same eTag win, for open and for closed requests', async () => {
    const repository = await (await engine.fresh()).open();
    await repository.create(seatRequest(1));
    const stored = (await repository.get('request-1'))!;
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, i) => repository.replace({ ...stored.request, status: i % 2 ? 'approved' : 'rejected', justification: `writer ${i}` }, stored.eTag)),
    );
    expect(outcomes.filter(Boolean)).toHaveLength(1);
    const winner = (await repository.get('request-1'))!;
    expect(winner.request.justification).toBe(`writer ${outcomes.indexOf(true)}`);

    expect(await repository.replace({ ...winner.request, status: 'cancelled' }, winner.eTag)).toBe(true);
    const current = (await repository.get('request-1'))!;
    const cards = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        repository.replace({ ...current.request, cards: [{ conversationId: `c${i}`, activityId: 'a' }] }, current.eTag),
      ),
    );
    expect(cards.filter(Boolean)).toHaveLength(1);
    expect(await repository.replace(current.request, current.eTag)).toBe(false);
  });
});

it('Azure: two instances on one table race 30 approvals of one request: exactly one wins', async () => {
  const store = await engines[1]!.fresh();
  const [first, second] = [await store.open(), await store.open()];
  await first.create(seatRequest(1));
  const results = await Promise.all(
    Array.from({ length: 30 }, async (_, i) => {
      const repository = i % 2 ? first : second;
      const stored = (await repository.get('request-1'))!;
      if (stored.request.status !== 'pending') return false;
      return repository.replace({ ...stored.request, status: 'approved', justification: `instance ${i % 2}, writer ${i}` }, stored.eTag);
    }),
  );
  expect(results.filter(Boolean)).toHaveLength(1);
});

describe('lowdb files: open requests stay in a small file, closed ones move to an append-only archive', () => {
  it('keeps only open requests in seat-requests.json and every closed one in the archive, across a restart', async () => {
    const dir = join(root, 'split');
    const repository = await JsonSeatRequestRepository.open(dir);
    for (let number = 1; number <= 6; number += 1) await repository.create(seatRequest(number));
    for (const number of [1, 2, 3]) {
      const stored = (await repository.getByNumber(number))!;
      await repository.replace({ ...stored.request, status: number === 3 ? 'approved' : 'expired' }, stored.eTag);
    }
    await repository.flush();
    const hot = JSON.parse(await readFile(join(dir, 'seat-requests.json'), 'utf8')) as Record<string, unknown>;
    expect(Object.keys(hot).filter((key) => key.startsWith('seat-requests/')).sort()).toEqual(
      ['request-3', 'request-4', 'request-5', 'request-6'].map((id) => `seat-requests/${id}`),
    );
    const archive = (await readFile(join(dir, 'seat-requests-closed.jsonl'), 'utf8')).trim().split('\n');
    expect(archive.map((line) => (JSON.parse(line) as { request: { id: string } }).request.id)).toEqual(['request-1', 'request-2']);
    const reopened = await JsonSeatRequestRepository.open(dir);
    expect((await reopened.list({ statuses: ['expired'] })).map((request) => request.number)).toEqual([2, 1]);
    await reopened.flush();
  });

  it('finishes a move a crash interrupted, skips a half-written last line, and keeps appending on a fresh line', async () => {
    const dir = join(root, 'crash');
    const repository = await JsonSeatRequestRepository.open(dir);
    await repository.create(seatRequest(1));
    await repository.create(seatRequest(2));
    await repository.flush();
    // The archive append of request 1 reached disk, the removal from the small file did not; then a cut-off line.
    const closed = { ...seatRequest(1), status: 'cancelled' };
    await writeFile(join(dir, 'seat-requests-closed.jsonl'), `${JSON.stringify({ eTag: 'e1', request: closed })}\n{"eTag":"e2","requ`);

    const reopened = await JsonSeatRequestRepository.open(dir);
    expect((await reopened.get('request-1'))?.request.status).toBe('cancelled');
    const two = (await reopened.get('request-2'))!;
    expect(await reopened.replace({ ...two.request, status: 'rejected' }, two.eTag)).toBe(true);
    await reopened.flush();
    const hot = JSON.parse(await readFile(join(dir, 'seat-requests.json'), 'utf8')) as Record<string, unknown>;
    expect(Object.keys(hot).filter((key) => key.startsWith('seat-requests/'))).toEqual([]);

    const again = await JsonSeatRequestRepository.open(dir);
    expect((await again.list({})).map((request) => [request.number, request.status])).toEqual([
      [2, 'rejected'],
      [1, 'cancelled'],
    ]);
    await again.flush();
  });
});

describe('Azure tables: open requests stay in one small partition, closed ones move to an archive table', () => {
  const account = () => ({ connectionString: azurite!.connectionString, tablePrefix: 'split' });
  const rows = async (table: TableClient) => {
    const found: Array<[string, string, string | undefined]> = [];
    for await (const entity of table.listEntities<Record<string, unknown>>()) {
      found.push([entity.partitionKey as string, entity.rowKey as string, entity.status as string | undefined]);
    }
    return found;
  };

  it('moves each closed request out of the open partition exactly once, and every lookup still finds it', async () => {
    const repository = await TableSeatRequestRepository.openIn(account(), 'moved');
    const [open, closed] = await Promise.all([openTable(account(), 'moved'), openTable(account(), 'movedclosed')]);
    for (let number = 1; number <= 4; number += 1) await repository.create(seatRequest(number, { requesterId: number === 4 ? 'Requester-2' : undefined }));
    for (const [number, status] of [[1, 'expired'], [2, 'approved'], [4, 'cancelled']] as const) {
      const stored = (await repository.getByNumber(number))!;
      expect(await repository.replace({ ...stored.request, status }, stored.eTag)).toBe(true);
    }
    const one = (await repository.get('request-1'))!;
    expect(await repository.replace({ ...one.request, cards: [{ conversationId: 'c', activityId: 'a' }] }, one.eTag)).toBe(true);

    expect((await rows(open)).filter(([partition]) => partition === 'request').map(([, row, status]) => [row, status])).toEqual([
      ['request-2', 'approved'],
      ['request-3', 'pending'],
    ]);
    const archived = await rows(closed);
    expect(archived.filter(([partition]) => partition.startsWith('closed-')).map(([, row]) => row).sort()).toEqual(['request-1', 'request-4']);
    expect(archived.filter(([partition]) => partition.startsWith('number-')).map(([, row]) => row).sort()).toEqual(['000000000001', '000000000004']);

    const cases: Array<[Parameters<SeatRequestRepository['list']>[0], number[]]> = [
      [{ statuses: ['pending', 'approved'] }, [3, 2]],
      [{ requesterId: 'requester-1' }, [3, 2, 1]],
      [{ requesterId: 'requester-2' }, [4]],
      [{}, [4, 3, 2, 1]],
    ];
    for (const [query, expected] of cases) expect((await repository.list(query)).map((request) => request.number)).toEqual(expected);
    expect((await repository.getByNumber(1))?.request.cards).toEqual([{ conversationId: 'c', activityId: 'a' }]);
    expect((await repository.getByNumber(4))?.request.status).toBe('cancelled');
    expect(await repository.getByNumber(5)).toBeUndefined();
  });

  it('finishes a move a crash interrupted, on open and on first read, without overwriting a newer archived copy', async () => {
    const repository = await TableSeatRequestRepository.openIn(account(), 'crashed');
    const open = await openTable(account(), 'crashed');
    for (let number = 1; number <= 3; number += 1) await repository.create(seatRequest(number));
    // The commit (closing compare-and-set on the open row) reached the service, the copy and the removal did not.
    await open.upsertEntity(seatRequestEntity({ ...seatRequest(1), status: 'rejected' }), 'Replace');
    const reopened = await TableSeatRequestRepository.openIn(account(), 'crashed');
    expect((await rows(open)).map(([, row]) => row)).toEqual(['request-2', 'request-3']);
    expect((await reopened.getByNumber(1))?.request.status).toBe('rejected');

    // Request 2 was archived and changed again there; a stale closed copy of it is still in the open partition.
    const two = (await reopened.get('request-2'))!;
    expect(await reopened.replace({ ...two.request, status: 'assigned' }, two.eTag)).toBe(true);
    const archived = (await reopened.get('request-2'))!;
    expect(await reopened.replace({ ...archived.request, cards: [{ conversationId: 'c', activityId: 'newer' }] }, archived.eTag)).toBe(true);
    await open.createEntity(seatRequestEntity({ ...two.request, status: 'assigned' }));
    const other = await TableSeatRequestRepository.openIn(account(), 'crashed');
    expect((await other.get('request-2'))?.request.cards).toEqual([{ conversationId: 'c', activityId: 'newer' }]);
    expect((await other.list({})).map((request) => [request.number, request.status])).toEqual([
      [3, 'pending'],
      [2, 'assigned'],
      [1, 'rejected'],
    ]);
    expect((await rows(open)).map(([, row]) => row)).toEqual(['request-3']);

    const three = (await other.get('request-3'))!;
    await open.updateEntity(seatRequestEntity({ ...three.request, status: 'expired' }), 'Replace', { etag: three.eTag });
    const expired = (await other.get('request-3'))!;
    expect(expired.request.status).toBe('expired');
    expect(await rows(open)).toEqual([]);
    expect(await other.replace({ ...expired.request, cards: [{ conversationId: 'c', activityId: 'a' }] }, expired.eTag)).toBe(true);
  });
});
