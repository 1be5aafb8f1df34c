import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { MemoryStorage, type StoreItems } from 'botbuilder';
import { DialogSet } from 'botbuilder-dialogs';
import { AzureError, type AzureBackend } from '../../src/azure/ports.js';
import { createSandboxBackend, loadSandboxSeed } from '../../src/azure/sandbox/sandboxBackend.js';
import { ConversationReferenceStore } from '../../src/bot/conversationReferences.js';
import { playground } from '../support/botClient.js';
import { BotHarness } from '../support/botHarness.js';
import { capturingLogger } from '../support/capturingLogger.js';

class CountingStorage extends MemoryStorage {
  writes = 0;
  override async write(changes: StoreItems): Promise<void> {
    this.writes++;
    await super.write(changes);
  }
}

const sandbox = (): AzureBackend => createSandboxBackend({ storage: new MemoryStorage(), seed: loadSandboxSeed() });

describe('the bot shell', () => {
  let bot: BotHarness;
  beforeEach(async () => {
    bot = await BotHarness.create({ backend: sandbox() });
  });
  afterEach(() => bot.close());

  it('welcomes the installer with a button for each capability', async () => {
    const turn = await bot.activity({
      type: 'conversationUpdate',
      membersAdded: [{ id: 'bot', name: 'Billing bot' }, { id: playground.alex.id, name: playground.alex.name }],
    });
    expect(turn.cards).toHaveLength(1);
    expect(turn.text).toContain('Hi, I help you run Azure DevOps billing');
    for (const title of ['Set up billing', 'Billing status', 'Request seats', 'Grant Test Manager', 'Ask a question']) {
      expect(turn.button(title)).toHaveProperty('command');
    }
  });

  it('does not welcome again when someone else joins', async () => {
    const turn = await bot.activity({ type: 'conversationUpdate', membersAdded: [{ id: 'someone-else', name: 'Megan' }] });
    expect(turn.replies).toHaveLength(0);
  });

  it.each(['help', 'Help!', 'what can you do'])('shows the help card for "%s"', async (text) => {
    const turn = await bot.say(text);
    expect(turn.text).toContain('What I can do');
  });

  it('builds a dialog context only when a flow runs or starts: help and questions do without one', async () => {
    const created = jest.spyOn(DialogSet.prototype, 'createContext');
    try {
      await bot.say('help');
      await bot.say('do stakeholders cost anything?');
      expect(created).not.toHaveBeenCalled();
      const started = await bot.say('set up billing');
      expect(started.cards.length).toBeGreaterThan(0);
      expect(created).toHaveBeenCalledTimes(1);
      // Mid-flow, the running flow is found through its state and gets its context again.
      const aside = await bot.say('help');
      expect(aside.text).toContain('You are still in the middle of a step');
      expect(created).toHaveBeenCalledTimes(2);
    } finally {
      created.mockRestore();
    }
  });

  it('answers unknown input with a short "didn\'t get that" and the help card', async () => {
    const turn = await bot.say('qwerty zxcv');
    expect(turn.replies[0]?.text).toContain("didn't get that");
    expect(turn.text).toContain('What I can do');
  });

  it('treats a card button\'s command as typed text', async () => {
    const turn = await bot.click({ command: 'help' });
    expect(turn.text).toContain('What I can do');
  });

  it.each([
    ['ask do stakeholders cost anything', /Stakeholder/],
    ['ask Is the Azure free trial supported for billing?', /Free Trial/],
  ])('answers "%s" from the command menu as the question after "ask"', async (text, topic) => {
    const turn = await bot.say(text);
    const title = (turn.cards[0]?.body as Array<{ text?: string }> | undefined)?.find((block) => block.text?.endsWith('?'))?.text;
    expect(title).toMatch(topic);
  });

  it('stores the conversation reference for later proactive messages, by conversation and by person', async () => {
    await bot.say('help', playground.megan, 'conversation-to-remember');
    const references = new ConversationReferenceStore(bot.references);
    expect(await references.get('conversation-to-remember')).toMatchObject({
      conversation: { id: 'conversation-to-remember' },
      channelId: 'msteams',
    });
    expect(await references.personalChatOf(playground.megan.aadObjectId.toUpperCase())).toMatchObject({
      conversation: { id: 'conversation-to-remember', conversationType: 'personal' },
      user: { id: playground.megan.id },
    });
  });

  it('files only personal chats under a person, so a group chat is never mistaken for one', async () => {
    const storage = new CountingStorage();
    const references = new ConversationReferenceStore(storage);
    await references.save(
      { conversation: { id: 'group-1', isGroup: true, conversationType: 'groupChat', name: '' }, channelId: 'msteams', serviceUrl: 'https://smba.trafficmanager.net/amer/' },
      playground.alex.aadObjectId,
    );
    expect(await references.get('group-1')).toBeDefined();
    expect(await references.personalChatOf(playground.alex.aadObjectId)).toBeUndefined();
  });

  it('writes nothing to disk on ordinary turns once the conversation is known', async () => {
    const storage = new CountingStorage();
    const references = new ConversationReferenceStore(storage);
    for (const activityId of ['a1', 'a2', 'a3']) {
      await references.save({
        activityId,
        user: { id: `user-${activityId}`, name: 'someone' },
        conversation: { id: 'c1', isGroup: true, conversationType: 'groupChat', name: '' },
        channelId: 'msteams',
        serviceUrl: 'https://smba.trafficmanager.net/amer/',
      });
    }
    expect(storage.writes).toBe(1);
    expect(await references.get('c1')).not.toHaveProperty('activityId');
  });

  it('says nothing can be cancelled when no flow is running', async () => {
    expect((await bot.say('cancel')).text).toContain('nothing to cancel');
  });

  it('answers a question typed in the middle of a flow and keeps the flow', async () => {
    await bot.say('set up billing for contoso-mobile');
    const aside = await bot.say('Are stakeholders free?');
    expect(aside.text).toContain('still in the middle of a step');
    const picker = await bot.say('banana');
    expect(picker.text).toContain('Which subscription pays for contoso-mobile?');
  });
});

describe('an Azure failure', () => {
  it('shows the admin-actionable message with a reference, and logs the details', async () => {
    const { logger, lines } = capturingLogger();
    const backend = sandbox();
    backend.arm.listSubscriptions = async () => {
      throw new AzureError('forbidden', 'The bot needs admin consent for Azure Service Management.', { status: 403, body: 'raw body' });
    };
    const bot = await BotHarness.create({ backend, logger });
    try {
      const turn = await bot.say('billing status');
      expect(turn.text).toContain('needs admin consent for Azure Service Management');
      expect(turn.text).not.toContain('raw body');
      expect(lines.join('')).toContain('raw body');
    } finally {
      await bot.close();
    }
  });
});

describe('an unexpected failure', () => {
  it('shows a polite error card with a reference and logs the details only', async () => {
    const { logger, lines } = capturingLogger();
    const broken = sandbox();
    broken.devops.listOrganizations = async () => {
      throw new Error('database password leaked in this message');
    };
    const bot = await BotHarness.create({ backend: broken, logger });
    try {
      const turn = await bot.say('set up billing');
      expect(turn.text).toContain('Sorry, something went wrong');
      expect(turn.text).not.toContain('database password');
      const reference = /"Reference","value":"([0-9a-f-]{36})"/.exec(turn.text)?.[1];
      expect(reference).toBeDefined();

      const logged = lines.map((line) => JSON.parse(line) as Record<string, unknown>).find((entry) => entry.correlationId === reference);
      expect(logged).toMatchObject({ level: 50, msg: 'unhandled error in a turn' });
      expect(JSON.stringify(logged)).toContain('database password leaked');

      const next = await bot.say('help');
      expect(next.text).toContain('What I can do');
    } finally {
      await bot.close();
    }
  });
});
