import {
  ActivityTypes,
  TeamsActivityHandler,
  TurnContext,
  type BotState,
  type ChannelAccount,
  type InvokeResponse,
} from 'botbuilder';
import type { Logger } from '../logger.js';
import type { ActionRouter } from './actionRouter.js';
import type { ConversationReferenceStore } from './conversationReferences.js';
import type { CommandRouter } from './router.js';
import { ssoTokenKey, type TeamsSignIn } from './teamsSignIn.js';
import { tenantOf } from './turnCaller.js';
import { isTenantAllowed } from './tenantGuard.js';
import { KeyedQueue } from '../keyedQueue.js';
import type { BotViews } from './views.js';

export interface BillingBotDeps {
  router: CommandRouter;
  actions: ActionRouter;
  /** Every state object the turn may change; each is saved once at the end of the turn. */
  states: BotState[];
  references: ConversationReferenceStore;
  views: BotViews;
  allowedTenants: string[];
  /** Bot Framework channel ids answered; anything else is dropped (invokes get 403). */
  allowedChannels: string[];
  logger: Logger;
  /** Present when Azure calls are made as the user (`AZURE_USE_OBO=true`): every turn needs their token. */
  signIn?: TeamsSignIn;
}

const signInInvokes = ['signin/tokenExchange', 'signin/verifyState'];

/**
 * The Teams-facing shell: tenant check, conversation references, welcome, then messages to the command router
 * and `Action.Execute` invokes to the action router. Other invokes keep botbuilder's answers (501 when unhandled).
 */
export class BillingBot extends TeamsActivityHandler {
  /** A person's turns in one conversation, one at a time. */
  private readonly turns = new KeyedQueue();

  constructor(private readonly deps: BillingBotDeps) {
    super();

    this.onMessage(async (context, next) => {
      await deps.router.onMessage(context);
      await next();
    });

    this.onMembersAdded(async (context, next) => {
      if (botWasAdded(context.activity.membersAdded, context.activity.recipient?.id)) {
        await context.sendActivity({ attachments: [deps.views.welcome()] });
      }
      await next();
    });
  }

  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    if (context.activity.name === 'adaptiveCard/action') return this.deps.actions.onInvoke(context);
    const { signIn } = this.deps;
    if (signIn && signInInvokes.includes(context.activity.name ?? '')) {
      return signIn.onSignInInvoke(context, async (waiting) => {
        await super.run(waiting);
        await this.saveStates(waiting);
      });
    }
    return super.onInvokeActivity(context);
  }

  override async run(context: TurnContext): Promise<void> {
    const { channelId } = context.activity;
    if (!this.deps.allowedChannels.includes(channelId)) {
      // Nobody to answer politely: a reply would go back to a channel the bot does not serve.
      this.deps.logger.warn({ channelId, activityType: context.activity.type }, 'refused an activity from a channel the bot does not serve');
      if (context.activity.type === ActivityTypes.Invoke) await this.refuseInvoke(context, 'ChannelNotAllowed', 'This bot only works in Microsoft Teams.');
      return;
    }
    const tenants = tenantsNamed(context.activity);
    if (tenants.conversation && tenants.channelData && tenants.conversation.toLowerCase() !== tenants.channelData.toLowerCase()) {
      // Teams names the tenant twice; a disagreement is a forged or broken activity, and neither can be trusted.
      this.deps.logger.warn({ ...tenants, conversationId: context.activity.conversation?.id }, 'refused an activity whose tenant ids disagree');
      await this.refuseTenantMessage(context);
      return;
    }
    const tenantId = tenantOf(context.activity);
    if (!isTenantAllowed(this.deps.allowedTenants, tenantId)) {
      await this.refuseTenant(context, tenantId);
      return;
    }
    const { conversation, from } = context.activity;
    await this.turns.run(`${conversation?.id ?? ''}\n${from?.id ?? ''}`, async () => {
      await this.deps.references.save(TurnContext.getConversationReference(context.activity), context.activity.from?.aadObjectId);
      if (!(await this.signedIn(context))) return;
      await super.run(context);
      await this.saveStates(context);
    });
  }

  private async saveStates(context: TurnContext): Promise<void> {
    for (const state of this.deps.states) await state.saveChanges(context, false);
  }

  /**
   * With single sign-on, a message or card action that would call Azure needs the user's token first. Without it the
   * user gets the sign-in card, and a message is kept to run once they have signed in.
   */
  private async signedIn(context: TurnContext): Promise<boolean> {
    const { signIn } = this.deps;
    const { type, name } = context.activity;
    const needsToken = type === ActivityTypes.Message || (type === ActivityTypes.Invoke && name === 'adaptiveCard/action');
    if (!signIn || !needsToken) return true;
    const token = await signIn.userToken(context);
    if (token) {
      context.turnState.set(ssoTokenKey, token);
      return true;
    }
    await signIn.askToSignIn(context, 'first');
    if (type === ActivityTypes.Invoke) {
      await context.sendActivity({
        type: ActivityTypes.InvokeResponse,
        value: {
          status: 200,
          body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: 'Please sign in first (see the sign-in card), then try again.' },
        },
      });
    }
    return false;
  }

  /** Sent when a turn outlives what Teams waits for; the turn goes on and posts its result in the chat. */
  async stillWorking(context: TurnContext): Promise<void> {
    await context.sendActivity('Still working on it: Azure is taking a while to answer. I will post the result here as soon as I have it.');
  }

  private async refuseTenant(context: TurnContext, tenantId: string | undefined): Promise<void> {
    this.deps.logger.warn(
      { tenantId: tenantId ?? null, activityType: context.activity.type, conversationId: context.activity.conversation?.id },
      'refused a tenant that is not in ALLOWED_TENANTS',
    );
    await this.refuseTenantMessage(context);
  }

  private async refuseTenantMessage(context: TurnContext): Promise<void> {
    if (context.activity.type === ActivityTypes.Message) {
      await context.sendActivity(
        'Sorry, this bot is not enabled for your organization. Please ask your Teams administrator to add your tenant to its allowed list.',
      );
    } else if (context.activity.type === ActivityTypes.Invoke) {
      await this.refuseInvoke(context, 'TenantNotAllowed', 'This bot is not enabled for your tenant.');
    }
  }

  private async refuseInvoke(context: TurnContext, code: string, message: string): Promise<void> {
    const response: InvokeResponse = {
      status: 403,
      body: { statusCode: 403, type: 'application/vnd.microsoft.error', value: { code, message } },
    };
    await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: response });
  }
}

function tenantsNamed(activity: TurnContext['activity']): { conversation?: string; channelData?: string } {
  const channelData = activity.channelData as { tenant?: { id?: unknown } } | undefined;
  const fromChannelData = channelData?.tenant?.id;
  return {
    conversation: activity.conversation?.tenantId,
    channelData: typeof fromChannelData === 'string' ? fromChannelData : undefined,
  };
}

function botWasAdded(members: ChannelAccount[] | undefined, botId: string | undefined): boolean {
  return (members ?? []).some((member) => member.id === botId);
}
