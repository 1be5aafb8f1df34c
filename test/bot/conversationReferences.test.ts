import { describe, expect, it } from '@jest/globals';
import { MemoryStorage, type StoreItems } from 'botbuilder';
import { ConversationReferenceStore } from '../../src/bot/conversationReferences.js';

class CountingStorage extends MemoryStorage {
  writes = 0;
  override write(changes: StoreItems): Promise<void> {
    this.writes += 1;
    return super.write(changes);
  }
}

const reference = (conversationId: string) => ({
  channelId: 'msteams',
  serviceUrl: 'https://smba.example/',
  conversation: { id: conversationId, conversationType: 'channel', isGroup: true, name: '' },
  bot: { id: 'bot', name: 'Billing bot' },
});

describe('ConversationReferenceStore', () => {
  it('writes a reference once, and remembers only the most recent chats', async () => {
    const storage = new CountingStorage();
    const references = new ConversationReferenceStore(storage, 2);
    await references.save(reference('a'));
    await references.save(reference('a'));
    expect(storage.writes).toBe(1);

    await references.save(reference('b'));
    await references.save(reference('a'));
    await references.save(reference('c'));
    // "a" was used after "b", so "b" is the one forgotten: its next turn costs one rewrite, "a" costs none.
    expect(storage.writes).toBe(3);
    await references.save(reference('a'));
    expect(storage.writes).toBe(3);
    await references.save(reference('b'));
    expect(storage.writes).toBe(4);
    expect(await references.get('b')).toMatchObject({ conversation: { id: 'b' } });
  });
});
