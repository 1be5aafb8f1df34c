import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryStorage, TestAdapter, type Activity } from 'botbuilder';
import { createBot } from '../../src/createBot.js';
import type { AzureBackend } from '../../src/azure/ports.js';
import type { CapabilityModule } from '../../src/capabilities/capability.js';
import { createLogger, type Logger } from '../../src/logger.js';
import { JsonLinesAuditLog } from '../../src/storage/auditLog.js';
import { StorageCostDigestRepository } from '../../src/storage/costDigestStore.js';
import { JsonFileStorage } from '../../src/storage/jsonFileStorage.js';
import { JsonSeatRequestRepository } from '../../src/storage/seatRequestStore.js';
import { cardBytes, cardProblems } from './adaptiveCards.js';
import { playground } from './botClient.js';
import { RecordingMessenger } from './recordingMessenger.js';

export type Person = { id: string; name: string; aadObjectId: string };

export interface HarnessOptions {
  backend: AzureBackend;
  now?: () => Date;
  allowedTenants?: string[];
  logger?: Logger;
  capabilities?: readonly CapabilityModule[];
  approverIds?: string[];
}

type Card = { body?: unknown[]; actions?: unknown[] } & Record<string, unknown>;

/**
 * Drives the real bot (router, dialogs, services, backend) through botbuilder's TestAdapter and returns what each
 * turn sent. Every card the bot sends is checked against the Adaptive Cards 1.5 parser and the 28 KB limit, so
 * every dialog test is also a card test.
 */
export class BotHarness {
  private constructor(
    private readonly adapter: TestAdapter,
    readonly audit: JsonLinesAuditLog,
    readonly references: MemoryStorage,
    readonly proactive: RecordingMessenger,
    readonly seatRequests: JsonSeatRequestRepository,
    private readonly dir: string,
  ) {}

  static async create(options: HarnessOptions): Promise<BotHarness> {
    const dir = await mkdtemp(join(tmpdir(), 'billing-bot-dialogs-'));
    const audit = new JsonLinesAuditLog(join(dir, 'audit.jsonl'));
    let run = 0;
    const references = new MemoryStorage();
    const proactive = new RecordingMessenger();
    const seatRequests = await JsonSeatRequestRepository.open(dir);
    const { bot, onTurnError } = createBot({
      backend: options.backend,
      audit,
      botStateStorage: new MemoryStorage(),
      referencesStorage: references,
      seatRequestRepository: seatRequests,
      costDigestRepository: new StorageCostDigestRepository(await JsonFileStorage.open(join(dir, 'cost-digests.json'))),
      settingsStorage: new MemoryStorage(),
      proactive,
      seatRequestSettings: {
        approverIds: options.approverIds ?? [],
        remindAfterMs: 24 * 3_600_000,
        expireAfterMs: 7 * 86_400_000,
        checkEveryMs: 60_000,
      },
      allowedTenants: options.allowedTenants ?? [],
      dialogIdleMinutes: 30,
      logger: options.logger ?? createLogger('silent'),
      now: options.now ?? (() => new Date()),
      newRunId: () => `run-${++run}`,
      capabilities: options.capabilities,
    });
    const adapter = new TestAdapter(async (context) => bot.run(context));
    adapter.onTurnError = onTurnError;
    return new BotHarness(adapter, audit, references, proactive, seatRequests, dir);
  }

  say(text: string, from: Person = playground.alex, conversationId = 'personal-alex'): Promise<Turn> {
    return this.send({ text }, from, conversationId);
  }

  click(value: Record<string, unknown>, from: Person = playground.alex, conversationId = 'personal-alex'): Promise<Turn> {
    return this.send({ value }, from, conversationId);
  }

  /** The same click delivered twice at once, as a double click or a channel retry does. */
  async doubleClick(value: Record<string, unknown>, from: Person = playground.alex, conversationId = 'personal-alex'): Promise<Turn> {
    this.adapter.activeQueue.splice(0);
    const click = () => this.adapter.processActivity(this.activityFrom({ value }, from, conversationId));
    await Promise.all([click(), click()]);
    return this.checked(this.adapter.activeQueue.splice(0));
  }

  /** Any activity, e.g. the conversationUpdate Teams sends when the app is installed. */
  activity(activity: Partial<Activity>, from: Person = playground.alex, conversationId = 'personal-alex'): Promise<Turn> {
    return this.send(activity, from, conversationId);
  }

  async close(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }

  private async send(content: Partial<Activity>, from: Person, conversationId: string): Promise<Turn> {
    this.adapter.activeQueue.splice(0);
    await this.adapter.processActivity(this.activityFrom(content, from, conversationId));
    return this.checked(this.adapter.activeQueue.splice(0));
  }

  private activityFrom(content: Partial<Activity>, from: Person, conversationId: string): Partial<Activity> {
    return {
      type: 'message',
      channelId: 'msteams',
      from,
      recipient: { id: 'bot', name: 'Billing bot' },
      conversation: { id: conversationId, tenantId: playground.tenantId, isGroup: false, conversationType: 'personal', name: '' },
      channelData: { tenant: { id: playground.tenantId } },
      ...content,
    };
  }

  private checked(replies: Partial<Activity>[]): Turn {
    for (const reply of replies) {
      if (reply.attachments?.some((attachment) => !attachment)) throw new Error(`An empty attachment in ${JSON.stringify(reply)}`);
    }
    const turn = new Turn(replies);
    for (const card of turn.cards) {
      const problems = cardProblems(card);
      if (problems.length > 0) throw new Error(`A card failed validation: ${problems.join('; ')}\n${JSON.stringify(card)}`);
      if (cardBytes(card) > 28 * 1024) throw new Error(`A card is over 28 KB: ${cardBytes(card)} bytes`);
    }
    return turn;
  }
}

/** What the bot sent in one turn, with helpers to find text and buttons. */
export class Turn {
  constructor(readonly replies: Partial<Activity>[]) {}

  get cards(): Card[] {
    return this.replies.flatMap((reply) =>
      (reply.attachments ?? [])
        .filter((attachment) => attachment.contentType === 'application/vnd.microsoft.card.adaptive')
        .map((attachment) => attachment.content as Card),
    );
  }

  /** Every text the user sees in this turn (messages and card text), joined. */
  get text(): string {
    return this.replies.map((reply) => `${reply.text ?? ''} ${JSON.stringify(reply.attachments ?? [])}`).join('\n');
  }

  /** The `data` of the nth Action.Submit whose title matches, searched through every card of the turn. */
  button(title: string | RegExp, nth = 0): Record<string, unknown> {
    const data = submitActions(this.cards).filter((action) => matches(action.title, title))[nth]?.data;
    if (!data) throw new Error(`No button "${String(title)}" in:\n${this.text}`);
    return data;
  }

  /** The reasons (in the Attention colour) listed under a subscription on the picker card. */
  reasonsFor(displayName: string): string[] {
    const reasons: string[] = [];
    walk(this.cards, (record) => {
      const items = record.items as Array<{ type?: string; text?: string; color?: string }> | undefined;
      if (record.type === 'Container' && items?.[0]?.text === `**${displayName}**`) {
        reasons.push(...items.filter((item) => item.color === 'Attention').map((item) => item.text ?? ''));
      }
    });
    return reasons;
  }

  /** The lines of the picker's "How to fix" section. */
  fixes(): string[] {
    const texts: string[] = [];
    walk(this.cards, (record) => {
      if (record.type === 'TextBlock' && typeof record.text === 'string') texts.push(record.text);
    });
    return texts.slice(texts.indexOf('How to fix') + 1);
  }

  /** The button inside the innermost block that mentions `label` (e.g. "Use this" next to a subscription's name). */
  buttonNear(label: string, title: string): Record<string, unknown> {
    const blocks: unknown[] = [];
    walk(this.cards, (record) => {
      if ((record.type === 'Container' || record.type === 'ColumnSet') && JSON.stringify(record).includes(label)) blocks.push(record);
    });
    // Pre-order lists a block before the blocks inside it, so the innermost come last.
    for (const block of blocks.reverse()) {
      const action = submitActions(block).find((candidate) => candidate.title === title);
      if (action) return action.data;
    }
    throw new Error(`No "${title}" button near "${label}" in:\n${this.text}`);
  }
}

function walk(node: unknown, visit: (record: Record<string, unknown>) => void): void {
  if (Array.isArray(node)) node.forEach((child) => walk(child, visit));
  else if (node && typeof node === 'object') {
    visit(node as Record<string, unknown>);
    Object.values(node).forEach((child) => walk(child, visit));
  }
}

function submitActions(node: unknown): Array<{ title: string; data: Record<string, unknown> }> {
  const actions: Array<{ title: string; data: Record<string, unknown> }> = [];
  walk(node, (record) => {
    if (record.type === 'Action.Submit' && typeof record.title === 'string') {
      actions.push({ title: record.title, data: record.data as Record<string, unknown> });
    }
  });
  return actions;
}

function matches(text: string, pattern: string | RegExp): boolean {
  return typeof pattern === 'string' ? text === pattern : pattern.test(text);
}
