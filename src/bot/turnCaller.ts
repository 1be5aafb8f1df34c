import type { Activity, TurnContext } from 'botbuilder';
import type { Caller } from '../azure/ports.js';

/** Teams puts the tenant on the conversation and in channelData; either is enough to identify it. */
export function tenantOf(activity: Partial<Activity>): string | undefined {
  const channelData = activity.channelData as { tenant?: { id?: string } } | undefined;
  return activity.conversation?.tenantId ?? channelData?.tenant?.id;
}

/**
 * The person the bot acts for in this turn, from the channel-authenticated activity (never from card data).
 * Undefined when the activity names no Entra user, e.g. outside Teams.
 */
export function callerOf(context: TurnContext): Caller | undefined {
  const { from } = context.activity;
  const tenantId = tenantOf(context.activity);
  if (!from?.aadObjectId || !tenantId) return undefined;
  return { aadObjectId: from.aadObjectId, tenantId, displayName: from.name };
}
