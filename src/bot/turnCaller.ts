import type { Activity, TurnContext } from 'botbuilder';
import type { Caller } from '../azure/ports.js';
import { ssoTokenKey } from './teamsSignIn.js';

/** Teams puts the tenant on the conversation and in channelData; either is enough to identify it. */
export function tenantOf(activity: Partial<Activity>): string | undefined {
  const channelData = activity.channelData as { tenant?: { id?: string } } | undefined;
  return activity.conversation?.tenantId ?? channelData?.tenant?.id;
}

const turnStartedKey = Symbol('turnStartedAt');

/** Marks when the turn started; every `Caller` of the turn carries it, for the per-turn Azure budget. */
export function markTurnStarted(context: TurnContext, startedAt: Date): void {
  context.turnState.set(turnStartedKey, startedAt.getTime());
}

/**
 * The person the bot acts for in this turn, from the channel-authenticated activity (never from card data).
 * Undefined when the activity names no Entra user, e.g. outside Teams. Carries the user's single sign-on token when the
 * turn has one (`AZURE_USE_OBO=true`), so Azure calls are made as the user.
 */
export function callerOf(context: TurnContext): Caller | undefined {
  const { from } = context.activity;
  const tenantId = tenantOf(context.activity);
  if (!from?.aadObjectId || !tenantId) return undefined;
  const ssoToken = context.turnState.get(ssoTokenKey) as string | undefined;
  const turnStartedAt = context.turnState.get(turnStartedKey) as number | undefined;
  return {
    aadObjectId: from.aadObjectId,
    tenantId,
    displayName: from.name,
    ...(ssoToken ? { ssoToken } : {}),
    ...(turnStartedAt === undefined ? {} : { turnStartedAt }),
  };
}
