import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TestAdapter, TurnContext, type Activity } from 'botbuilder';
import { FlowState, FlowStateConflictError } from '../../src/bot/flowState.js';
import { createTurnErrorHandler } from '../../src/bot/turnErrorHandler.js';
import { CardRenderer } from '../../src/cards/renderer.js';
import { createLogger } from '../../src/logger.js';
import { cardsDir } from '../../src/paths.js';
import { TableStorage } from '../../src/storage/azure/tableStorage.js';
import { openTable } from '../../src/storage/azure/tables.js';
import { JsonFileStorage } from '../../src/storage/jsonFileStorage.js';
import type { KeyedStorage } from '../../src/storage/keyedStorage.js';
import { startAzurite, type Azurite } from '../support/azurite.js';

let azurite: Azurite | undefined;
let dir: string;
let opened = 0;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'billing-bot-flowstate-'));
  azurite = await startAzurite();
});
afterAll(async () => {
  await azurite?.stop();
  await rm(dir, { recursive: true, force: true });
});

const now = () => new Date('2026-11-30T10:00:00Z');
const turn = (text: string) =>
  new TurnContext(new TestAdapter(), {
    type: 'message',
    text,
    channelId: 'msteams',
    conversation: { id: 'personal-megan' },
    from: { id: 'user-megan', name: 'Megan' },
    recipient: { id: 'bot' },
    serviceUrl: 'http://127.0.0.1',
  } as Partial<Activity> as Activity);

const engines: Array<{ name: string; open(): Promise<KeyedStorage> }> = [
  { name: 'lowdb file (one instance, two overlapping turns)', open: async () => JsonFileStorage.open(join(dir, `state-${(opened += 1)}.json`)) },
  {
    name: 'Azure table (two instances on Azurite)',
    open: async () => new TableStorage(await openTable({ connectionString: azurite!.connectionString, tablePrefix: 't' }, `flows${(opened += 1)}`)),
  },
];

describe.each(engines)('FlowState: two turns of one person racing, $name', (engine) => {
  async function race(storage: KeyedStorage, otherStorage: KeyedStorage) {
    // Two instances (each its own FlowState) load the same person's state before either saves.
    const first = new FlowState(storage, { expireAfterMs: 3_600_000, now });
    const second = new FlowState(otherStorage, { expireAfterMs: 3_600_000, now });
    const [a, b] = [turn('first'), turn('second')];
    const [stateA, stateB] = await Promise.all([first.load(a), second.load(b)]);
    stateA.step = 'from first';
    stateB.step = 'from second';
    const results = await Promise.allSettled([first.saveChanges(a), second.saveChanges(b)]);
    return { first, results };
  }

  it('when nothing was stored yet, one save wins and the other is refused instead of overwriting it', async () => {
    const storage = await engine.open();
    const { first, results } = await race(storage, storage);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((result) => result.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(FlowStateConflictError);
    expect((refused.reason as Error).message).toContain('Please send this one again');
    const winner = results[0]!.status === 'fulfilled' ? 'from first' : 'from second';
    expect(await first.load(turn('check'), true)).toMatchObject({ step: winner });
  });

  it('when a flow is stored, a turn that read an older version cannot overwrite a newer save; saving twice in one turn works', async () => {
    const storage = await engine.open();
    const flow = new FlowState(storage, { expireAfterMs: 3_600_000, now });
    const setup = turn('start');
    (await flow.load(setup)).step = 'started';
    await flow.saveChanges(setup);
    (await flow.load(setup)).step = 'started, saved twice';
    await flow.saveChanges(setup);

    const { first, results } = await race(storage, storage);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    expect((results.find((result) => result.status === 'rejected') as PromiseRejectedResult).reason).toBeInstanceOf(FlowStateConflictError);
    expect(['from first', 'from second']).toContain((await first.load(turn('check'), true)).step);
  });
});

it('asks the turn that lost the race to send its message again, and keeps the flow of the turn that won', async () => {
  const storage = await JsonFileStorage.open(join(dir, 'handler.json'));
  const flow = new FlowState(storage, { expireAfterMs: 3_600_000, now });
  const winner = turn('winner');
  (await flow.load(winner)).step = 'kept';
  await flow.saveChanges(winner);

  const sent: Array<Partial<Activity>> = [];
  const loser = turn('loser');
  loser.onSendActivities(async (_context, activities, next) => {
    sent.push(...activities);
    return next();
  });
  await flow.load(loser);
  const handler = createTurnErrorHandler({ logger: createLogger('silent'), cards: new CardRenderer({ cardsDir }), dialogState: flow, now });
  await handler(loser, new FlowStateConflictError('key'));

  expect(JSON.stringify(sent)).toContain('Please send this one again');
  expect(await flow.load(turn('check'), true)).toMatchObject({ step: 'kept' });
});
