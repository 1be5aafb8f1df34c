import { describe, expect, it } from '@jest/globals';
import { TestAdapter, TurnContext } from 'botbuilder';
import { createSandboxBackend, loadSandboxSeed } from '../../src/azure/sandbox/sandboxBackend.js';
import { AzureError, type Caller } from '../../src/azure/ports.js';
import { callerOf, markTurnStarted } from '../../src/bot/turnCaller.js';
import { guardAzureReads, TurnBudget } from '../../src/services/azureReads.js';
import { MemoryStorage } from 'botbuilder';

const person: Caller = { aadObjectId: 'a1b2c3d4-0000-4000-8000-000000000001', tenantId: '00000000-0000-0000-0000-0000000000001' };

describe('the per-turn Azure budget', () => {
  let clock = Date.parse('2026-11-30T09:00:00Z');
  const now = () => new Date(clock);
  const backend = () =>
    guardAzureReads(createSandboxBackend({ storage: new MemoryStorage(), seed: loadSandboxSeed() }), {
      budget: new TurnBudget({ budgetMs: 10_000, now }),
      cacheMs: 0,
      now,
    });

  it('starts reads within the budget and refuses them, politely, once the caller\'s turn has used it', async () => {
    const reads = backend();
    const inTurn: Caller = { ...person, turnStartedAt: clock };
    clock += 9_999;
    await expect(reads.devops.listOrganizations(inTurn)).resolves.toEqual(expect.any(Array));
    clock += 1;
    const refused = reads.arm.listSubscriptions(inTurn);
    await expect(refused).rejects.toBeInstanceOf(AzureError);
    await expect(refused).rejects.toMatchObject({ code: 'timeout', message: expect.stringContaining('stopped after 10 seconds') });
  });

  it('gives a caller outside a turn (a background job) no budget', async () => {
    const reads = backend();
    clock += 3_600_000;
    await expect(reads.devops.listOrganizations(person)).resolves.toEqual(expect.any(Array));
  });

  it('puts the turn\'s start on every caller of the turn', () => {
    const context = new TurnContext(new TestAdapter(), {
      type: 'message',
      from: { id: '29:1', name: 'Alex', aadObjectId: person.aadObjectId },
      conversation: { id: 'c1', tenantId: person.tenantId, isGroup: false, conversationType: 'personal', name: '' },
    });
    expect(callerOf(context)).not.toHaveProperty('turnStartedAt');
    markTurnStarted(context, new Date(clock));
    expect(callerOf(context)).toMatchObject({ ...person, turnStartedAt: clock });
  });
});
