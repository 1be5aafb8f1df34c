import {
  ActivityTypes,
  CardFactory,
  InputHints,
  TurnContext,
  type Activity,
  type InvokeResponse,
  type Storage,
  type TokenResponse,
} from 'botbuilder';
import type { Logger } from '../logger.js';

type UserTokenClient = {
  getUserToken(userId: string, connectionName: string, channelId: string, magicCode: string | undefined): Promise<TokenResponse | undefined>;
  getSignInResource(connectionName: string, activity: Activity, finalRedirect: string | undefined): Promise<{
    signInLink?: string;
    tokenExchangeResource?: { id?: string; uri?: string; providerId?: string };
    tokenPostResource?: { sasUrl?: string };
  }>;
  signOutUser(userId: string, connectionName: string, channelId: string): Promise<void>;
};

/** Why the user is asked to sign in; each says what happens next in its own words. */
export type SignInReason = 'first' | 'consent' | 'expired';

const cardText: Record<SignInReason, string> = {
  first: 'Sign in once so that I act with your own Azure and Azure DevOps rights. Teams usually does this for you; if it asks, accept.',
  consent:
    'Azure needs your consent before I can act as you. Sign in and accept; if your organization does not let users consent, ' +
    'an administrator grants consent for the app once (Microsoft Entra admin center > Enterprise applications > this bot > Permissions).',
  expired: 'Your sign-in has expired. Sign in again, then repeat what you asked.',
};

/** A message kept while its sender signs in, so the turn continues once they have (and not hours later). */
interface PendingMessage {
  activity: Partial<Activity>;
  at: number;
}
const pendingFor = 10 * 60_000;

/**
 * Teams single sign-on through the Azure Bot's OAuth connection. The token service keeps the user's token after the
 * `signin/tokenExchange` invoke (which `TeamsSSOTokenExchangeMiddleware` answers and deduplicates) or after the
 * sign-in card's fallback (`signin/verifyState`); every turn reads it from there, so any instance can serve the user.
 */
export class TeamsSignIn {
  constructor(
    private readonly deps: {
      connectionName: string;
      /** Where a message waiting for sign-in is kept: shared by every instance. */
      storage: Storage;
      logger: Logger;
      now?: () => number;
    },
  ) {}

  get connectionName(): string {
    return this.deps.connectionName;
  }

  /** The user's token for the connection, or undefined when they have not signed in (or the service lost it). */
  async userToken(context: TurnContext, magicCode?: string): Promise<string | undefined> {
    const { from, channelId } = context.activity;
    if (!from?.id) return undefined;
    const response = await this.client(context).getUserToken(from.id, this.deps.connectionName, channelId, magicCode);
    return response?.token || undefined;
  }

  /** Keeps the message for after sign-in and sends the sign-in card Teams answers with a token exchange. */
  async askToSignIn(context: TurnContext, reason: SignInReason): Promise<void> {
    if (context.activity.type === ActivityTypes.Message) {
      const pending: PendingMessage = { activity: { ...context.activity }, at: this.now() };
      await this.deps.storage.write({ [this.pendingKey(context)]: { ...pending, eTag: '*' } });
    }
    if (reason !== 'first') await this.signOut(context);
    await context.sendActivity(await this.signInCard(context, reason));
  }

  /**
   * `signin/tokenExchange` (already exchanged and deduplicated by the middleware) or `signin/verifyState` (the fallback
   * sign-in page's code). Runs the message that was waiting, now with the token.
   */
  async onSignInInvoke(context: TurnContext, continueWith: (waiting: TurnContext) => Promise<void>): Promise<InvokeResponse> {
    const magicCode = context.activity.name === 'signin/verifyState' ? stateOf(context.activity.value) : undefined;
    const token = await this.userToken(context, magicCode);
    if (!token) {
      this.deps.logger.warn({ name: context.activity.name }, 'a sign-in invoke brought no token');
      return { status: 412, body: { failureDetail: 'Sign-in did not complete. Use the sign-in button to try again.' } };
    }
    const key = this.pendingKey(context);
    const waiting = (await this.deps.storage.read([key]))[key] as PendingMessage | undefined;
    await this.deps.storage.delete([key]);
    if (waiting && this.now() - waiting.at <= pendingFor) {
      const continued = new TurnContext(context.adapter, waiting.activity);
      for (const [turnKey, value] of context.turnState) continued.turnState.set(turnKey, value);
      continued.turnState.set(ssoTokenKey, token);
      await continueWith(continued);
    } else {
      await context.sendActivity('You are signed in. What would you like to do?');
    }
    return { status: 200 };
  }

  private async signInCard(context: TurnContext, reason: SignInReason): Promise<Partial<Activity>> {
    const resource = await this.client(context).getSignInResource(this.deps.connectionName, context.activity as Activity, undefined);
    const card = CardFactory.oauthCard(
      this.deps.connectionName,
      'Sign in',
      cardText[reason],
      resource.signInLink,
      // Teams exchanges its own SSO token silently when the card carries the exchange resource, and shows the sign-in
      // button only when that fails. Missing consent would fail the same way again, so that card goes straight to the
      // button (the sign-in page asks for consent).
      reason === 'consent' ? undefined : resource.tokenExchangeResource,
    );
    return { type: ActivityTypes.Message, attachments: [card], inputHint: InputHints.AcceptingInput };
  }

  private async signOut(context: TurnContext): Promise<void> {
    const { from, channelId } = context.activity;
    if (!from?.id) return;
    try {
      await this.client(context).signOutUser(from.id, this.deps.connectionName, channelId);
    } catch (error) {
      // The new sign-in still replaces the stale token; a failed sign-out only costs one more retry for the user.
      this.deps.logger.warn({ err: error }, 'could not sign the user out of the token service');
    }
  }

  private client(context: TurnContext): UserTokenClient {
    const adapter = context.adapter as { UserTokenClientKey?: symbol };
    const client = adapter.UserTokenClientKey ? (context.turnState.get(adapter.UserTokenClientKey) as UserTokenClient | undefined) : undefined;
    if (!client) throw new Error('Teams sign-in needs the CloudAdapter (it provides the token service client).');
    return client;
  }

  private pendingKey(context: TurnContext): string {
    const { channelId, conversation, from } = context.activity;
    return `sso-pending/${channelId}/${conversation?.id ?? ''}/${from?.id ?? ''}`;
  }

  private now(): number {
    return (this.deps.now ?? Date.now)();
  }
}

/** Where a turn keeps the user's token for `callerOf`. */
export const ssoTokenKey = Symbol('ssoToken');

function stateOf(value: unknown): string | undefined {
  const state = (value as { state?: unknown } | undefined)?.state;
  return typeof state === 'string' ? state : undefined;
}
