import type { Storage } from 'botbuilder';
import type { ConversationReference } from 'botbuilder';

/**
 * Kept so later features (approval cards, expiry notices) can message a conversation proactively.
 * A reference only changes when the service URL or the bot's identity changes, so writes are skipped when the
 * stored one is identical: the hot path of every turn stays free of disk writes.
 */
export class ConversationReferenceStore {
  private readonly lastSaved = new Map<string, string>();

  constructor(private readonly storage: Storage) {}

  async save(reference: Partial<ConversationReference>): Promise<void> {
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
