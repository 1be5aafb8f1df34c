import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MemoryStorage } from 'botbuilder';
import { ComponentDialog, WaterfallDialog } from 'botbuilder-dialogs';
import { z } from 'zod';
import { createSandboxBackend, loadSandboxSeed } from '../../src/azure/sandbox/sandboxBackend.js';
import { cardResponse, defineAction, messageResponse } from '../../src/bot/contracts.js';
import { assembleCapabilities } from '../../src/capabilities/assemble.js';
import type { CapabilityDeps, CapabilityModule } from '../../src/capabilities/capability.js';
import { capabilityModules } from '../../src/capabilities/index.js';
import { CardRenderer } from '../../src/cards/renderer.js';
import { KnowledgeBase } from '../../src/knowledge/knowledgeBase.js';
import { createLogger } from '../../src/logger.js';
import { cardsDir } from '../../src/paths.js';
import { ConversationReferenceStore } from '../../src/bot/conversationReferences.js';
import { BillingSetupService } from '../../src/services/billingSetup.js';
import { SeatRequestService } from '../../src/services/seatRequests.js';
import { CostDigestService } from '../../src/services/costDigest.js';
import { StorageCostDigestRepository } from '../../src/storage/costDigestStore.js';
import { JsonFileStorage } from '../../src/storage/jsonFileStorage.js';
import { CostSweepService } from '../../src/services/costSweep.js';
import { JsonSeatRequestRepository } from '../../src/storage/seatRequestStore.js';
import { RecordingMessenger } from '../support/recordingMessenger.js';
import { JsonLinesAuditLog } from '../../src/storage/auditLog.js';
import { BotHarness } from '../support/botHarness.js';

/** A capability written only for this test: it proves the list alone wires phrasings, routing, help and dialogs. */
const echoDialogId = 'echoFlow';
const echoCapability: CapabilityModule = {
  name: 'echo',
  commands: [
    {
      intent: 'echoWords',
      replacesFlow: true,
      trigger: { precedence: 5, command: (command) => /^echo\b/.test(command) },
    },
  ],
  help: { title: 'Echo words', description: 'Says your words back.', example: 'echo hello', button: 'Echo', command: 'echo hello' },
  create: () => ({
    handlers: {
      echoWords: async ({ startFlow, text }) => {
        await startFlow(echoDialogId, { words: text.replace(/^echo\s*/i, '') });
      },
    },
    dialogs: [new EchoDialog()],
    actions: [
      defineAction({
        verb: 'echo/shout',
        data: z.object({ words: z.string().max(20) }),
        handle: async (_turn, { words }) => messageResponse(words.toUpperCase()),
      }),
    ],
  }),
};

class EchoDialog extends ComponentDialog {
  constructor() {
    super(echoDialogId);
    this.addDialog(
      new WaterfallDialog(`${echoDialogId}.steps`, [
        async (step) => {
          await step.context.sendActivity(`echo: ${(step.options as { words: string }).words}`);
          return step.endDialog();
        },
      ]),
    );
  }
}

describe('the capability list drives the recognizer, the router, the help card, the dialogs and the actions', () => {
  let harness: BotHarness;

  beforeAll(async () => {
    const backend = createSandboxBackend({ storage: new MemoryStorage(), seed: await loadSandboxSeed() });
    harness = await BotHarness.create({ backend, capabilities: [...capabilityModules, echoCapability] });
  });
  afterAll(async () => harness.close());

  it('recognizes and routes the new command into its dialog', async () => {
    expect((await harness.say('echo hello there')).text).toContain('echo: hello there');
  });

  it('lists it on the help card', async () => {
    const turn = await harness.say('help');
    expect(turn.text).toContain('Echo words');
    expect(turn.button('Echo')).toEqual({ command: 'echo hello' });
  });

  it('routes its card verb', async () => {
    const turn = await harness.activity({ type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb: 'echo/shout', data: { words: 'hi' } } } });
    expect(turn.replies[0]?.value).toMatchObject({ status: 200, body: { type: 'application/vnd.microsoft.activity.message', value: 'HI' } });
  });

  it('is unknown without it: the same words are not understood, and help does not list it', async () => {
    const backend = createSandboxBackend({ storage: new MemoryStorage(), seed: await loadSandboxSeed() });
    const plain = await BotHarness.create({ backend });
    try {
      expect((await plain.say('echo hello there')).text).toContain("didn't get that");
      expect((await plain.say('help')).text).not.toContain('Echo words');
    } finally {
      await plain.close();
    }
  });
});

describe('assembling capabilities', () => {
  const deps = async (): Promise<CapabilityDeps> => {
    const backend = createSandboxBackend({ storage: new MemoryStorage(), seed: await loadSandboxSeed() });
    const logger = createLogger('silent');
    const now = () => new Date();
    const audit = new JsonLinesAuditLog('/dev/null');
    const seatRequests = new SeatRequestService({
      backend,
      repository: await JsonSeatRequestRepository.open(await mkdtemp(join(tmpdir(), 'capabilities-'))),
      audit,
      logger,
      now,
      settings: { approverIds: [], remindAfterMs: 1, expireAfterMs: 1 },
    });
    return {
      billing: new BillingSetupService({ backend, audit, logger, now }),
      seatRequests,
      costDigests: new CostDigestService({
        backend,
        repository: new StorageCostDigestRepository(await JsonFileStorage.open(join(await mkdtemp(join(tmpdir(), 'capabilities-')), 'cost-digests.json'))),
        approverIds: [],
        now,
      }),
      costSweep: new CostSweepService({ backend, now }),
      knowledge: new KnowledgeBase(),
      cards: new CardRenderer({ cardsDir }),
      audit,
      references: new ConversationReferenceStore(new MemoryStorage()),
      proactive: new RecordingMessenger(),
      settings: new MemoryStorage(),
      backgroundEveryMs: 60_000,
      logger,
      now,
    };
  };

  it('gives every declared intent of the real list a handler', async () => {
    const assembled = assembleCapabilities(capabilityModules, await deps());
    const declared = capabilityModules.flatMap((module) => module.commands.map((command) => command.intent));
    expect([...assembled.commands.keys()].sort()).toEqual([...declared].sort());
  });

  it.each([
    ['a declared intent without a handler', { ...echoCapability, create: () => ({ handlers: {} }) }, /without a handler/],
    [
      'a handler nobody declared',
      { ...echoCapability, create: () => ({ handlers: { echoWords: async () => undefined, other: async () => undefined } }) },
      /without declaring it/,
    ],
    [
      'an intent claimed twice',
      { ...echoCapability, commands: [{ intent: 'billingStatus', replacesFlow: true, trigger: { precedence: 1 } }], create: () => ({ handlers: { billingStatus: async () => undefined } }) },
      /Two capabilities handle "billingStatus"/,
    ],
    [
      'a built-in intent given a trigger',
      { ...echoCapability, commands: [{ intent: 'help', replacesFlow: false, trigger: { precedence: 1 } }], create: () => ({ handlers: { help: async () => undefined } }) },
      /claim the intent "help"/,
    ],
  ] satisfies Array<[string, CapabilityModule, RegExp]>)('refuses %s', async (_case, broken, message) => {
    const capabilityDeps = await deps();
    expect(() => assembleCapabilities([...capabilityModules, broken], capabilityDeps)).toThrow(message);
  });

  it('refuses two card actions with one verb', async () => {
    const twice: CapabilityModule = {
      ...echoCapability,
      create: (capabilityDeps) => {
        const parts = echoCapability.create(capabilityDeps);
        return { ...parts, actions: [...(parts.actions ?? []), defineAction({ verb: 'echo/shout', data: z.object({}), handle: async () => cardResponse({ type: 'AdaptiveCard', version: '1.5', body: [] }) })] };
      },
    };
    const backend = createSandboxBackend({ storage: new MemoryStorage(), seed: await loadSandboxSeed() });
    await expect(BotHarness.create({ backend, capabilities: [...capabilityModules, twice] })).rejects.toThrow(/Two card actions claim the verb "echo\/shout"/);
  });
});
