import type { Activity, CloudAdapter, ConversationReference } from 'botbuilder';

/**
 * Speaking without being spoken to: a new message in a stored conversation, or an update of a card posted earlier.
 * The app uses the CloudAdapter; dialog tests use a recording fake.
 */
export interface ProactiveMessenger {
  /** Sends the activity and returns its id (needed to update it later), when the channel returns one. */
  send(reference: Partial<ConversationReference>, activity: Partial<Activity>): Promise<string | undefined>;
  update(reference: Partial<ConversationReference>, activityId: string, activity: Partial<Activity>): Promise<void>;
}

export function cloudAdapterMessenger(adapter: CloudAdapter, botAppId: string): ProactiveMessenger {
  return {
    async send(reference, activity) {
      let id: string | undefined;
      await adapter.continueConversationAsync(botAppId, reference, async (context) => {
        id = (await context.sendActivity(activity))?.id;
      });
      return id;
    },
    async update(reference, activityId, activity) {
      await adapter.continueConversationAsync(botAppId, reference, async (context) => {
        await context.updateActivity({ ...activity, id: activityId, type: activity.type ?? 'message' });
      });
    },
  };
}
