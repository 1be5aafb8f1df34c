import type { Activity, ConversationReference } from 'botbuilder';
import type { ProactiveMessenger } from '../../src/bot/proactive.js';

export interface ProactiveCall {
  kind: 'send' | 'update';
  conversationId: string;
  activityId: string;
  activity: Partial<Activity>;
}

/** Records what the bot says outside a turn, and gives each sent activity an id as the channel would. */
export class RecordingMessenger implements ProactiveMessenger {
  readonly calls: ProactiveCall[] = [];
  private next = 1;

  async send(reference: Partial<ConversationReference>, activity: Partial<Activity>): Promise<string> {
    const activityId = `proactive-${this.next++}`;
    this.calls.push({ kind: 'send', conversationId: reference.conversation?.id ?? '', activityId, activity });
    return activityId;
  }

  async update(reference: Partial<ConversationReference>, activityId: string, activity: Partial<Activity>): Promise<void> {
    this.calls.push({ kind: 'update', conversationId: reference.conversation?.id ?? '', activityId, activity });
  }

  /** Every message sent to one conversation, oldest first. */
  sentTo(conversationId: string): ProactiveCall[] {
    return this.calls.filter((call) => call.kind === 'send' && call.conversationId === conversationId);
  }
}
