import type { ConversationReference, Storage } from 'botbuilder';

/**
 * Where the bot can speak later without being spoken to (`continueConversationAsync`): by conversation (an
 * approvals channel) and by person (their personal chat with the bot, to notify a requester or an approver).
 * The per-turn parts (the activity id, and the speaker in a group chat) are not stored: without them a reference
 * only changes when the service URL or the bot's identity changes, so ordinary turns do no disk write.
 */
export class ConversationReferenceStore {
  /** What was last written per key, most recent last; bounded, so a bot in many chats does not grow without end. */
  private readonly lastSaved = new Map<string, string>();

  constructor(
    private readonly storage: Storage,
    private readonly rememberAtMost = 10_000,
  ) {}

  /** `aadObjectId` is the speaker; a personal conversation is also filed under them. */
  async save(turnReference: Partial<ConversationReference>, aadObjectId?: string): Promise<void> {
    const { activityId: _activityId, user, ...reference } = turnReference;
    const conversationId = reference.conversation?.id;
    if (!conversationId) return;
    const changes: Record<string, { reference: Partial<ConversationReference>; eTag: '*' }> = {};
    this.addIfChanged(changes, conversationKey(conversationId), reference);
    if (aadObjectId && reference.conversation?.conversationType === 'personal') {
      // Kept with the speaker: a proactive message to a personal chat is addressed to that user.
      this.addIfChanged(changes, personalChatKey(aadObjectId), { ...reference, user });
    }
    if (Object.keys(changes).length === 0) return;
    await this.storage.write(changes);
    for (const [key, { reference: saved }] of Object.entries(changes)) this.remember(key, JSON.stringify(saved));
  }

  /** A forgotten key costs one rewrite of an unchanged reference the next time that chat speaks, nothing more. */
  private remember(key: string, saved: string): void {
    this.lastSaved.delete(key);
    this.lastSaved.set(key, saved);
    if (this.lastSaved.size > this.rememberAtMost) this.lastSaved.delete(this.lastSaved.keys().next().value as string);
  }

  async get(conversationId: string): Promise<Partial<ConversationReference> | undefined> {
    return this.read(conversationKey(conversationId));
  }

  /** The person's personal chat with the bot, if they ever wrote to it (or installed it personally). */
  async personalChatOf(aadObjectId: string): Promise<Partial<ConversationReference> | undefined> {
    return this.read(personalChatKey(aadObjectId));
  }

  private addIfChanged(
    changes: Record<string, { reference: Partial<ConversationReference>; eTag: '*' }>,
    key: string,
    reference: Partial<ConversationReference>,
  ): void {
    const serialized = JSON.stringify(reference);
    if (this.lastSaved.get(key) === serialized) this.remember(key, serialized);
    else changes[key] = { reference, eTag: '*' };
  }

  private async read(key: string): Promise<Partial<ConversationReference> | undefined> {
    const items = await this.storage.read([key]);
    return (items[key] as { reference?: Partial<ConversationReference> } | undefined)?.reference;
  }
}

function conversationKey(conversationId: string): string {
  return `conversation-references/by-conversation/${conversationId}`;
}

function personalChatKey(aadObjectId: string): string {
  return `conversation-references/by-user/${aadObjectId.toLowerCase()}`;
}
