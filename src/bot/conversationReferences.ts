import type { ConversationReference, Storage } from 'botbuilder';

/**
 * Kept so later features (approval cards, expiry notices) can message a conversation proactively.
 * The per-turn parts (the activity id, and the speaker in a group chat) are not stored: without them a reference
 * only changes when the service URL or the bot's identity changes, so ordinary turns do no disk write.
 */
export class ConversationReferenceStore {
  private readonly lastSaved = new Map<string, string>();

  constructor(private readonly storage: Storage) {}

  async save(turnReference: Partial<ConversationReference>): Promise<void> {
    const { activityId: _activityId, user: _user, ...reference } = turnReference;
    const conversationId = reference.conversation?.id;
    if (!conversationId) return;
    const serialised = JSON.stringify(reference);
    if (this.lastSaved.get(conversationId) === serialised) return;
    await this.storage.write({ [keyOf(conversationId)]: { reference, eTag: '*' } });
    this.lastSaved.set(conversationId, serialised);
  }

  async get(conversationId: string): Promise<Partial<ConversationReference> | undefined> {
    const items = await this.storage.read([keyOf(conversationId)]);
    return (items[keyOf(conversationId)] as { reference?: Partial<ConversationReference> } | undefined)?.reference;
  }
}

function keyOf(conversationId: string): string {
  return `conversation-references/${conversationId}`;
}
