import { randomUUID } from 'node:crypto';
import { ActivityTypes, type BotState, type TurnContext } from 'botbuilder';
import { AzureError, SignInRequiredError } from '../azure/ports.js';
import type { CardRenderer } from '../cards/renderer.js';
import type { Logger } from '../logger.js';
import type { TeamsSignIn } from './teamsSignIn.js';
import { FlowStateConflictError } from './flowState.js';

/**
 * The last line of defence: the user gets a polite card with a reference, the log gets the error with the same
 * reference, and the user's dialog state is cleared so one broken turn cannot trap them in a loop. Azure errors
 * carry a message written for admins (which role or consent is missing), so that message is shown; any other
 * error's text stays in the log only.
 */
export function createTurnErrorHandler(deps: {
  logger: Logger;
  cards: CardRenderer;
  dialogState: BotState;
  now?: () => Date;
  /** With single sign-on, a consent or expired-session failure becomes the sign-in card instead of an error. */
  signIn?: TeamsSignIn;
}): (context: TurnContext, error: Error) => Promise<void> {
  const now = deps.now ?? (() => new Date());
  return async (context, error) => {
    const correlationId = randomUUID();
    const { activity } = context;
    deps.logger.error(
      {
        correlationId,
        err: error,
        detail: error instanceof AzureError ? error.detail : undefined,
        activity: { type: activity.type, id: activity.id, name: activity.name, conversationId: activity.conversation?.id },
      },
      'unhandled error in a turn',
    );
    try {
      // Before the dialog state is cleared: after signing in, the waiting message continues the flow it belongs to.
      if (error instanceof SignInRequiredError && deps.signIn) {
        await deps.signIn.askToSignIn(context, error.reason);
        if (activity.type === ActivityTypes.Invoke) {
          await context.sendActivity({
            type: ActivityTypes.InvokeResponse,
            value: { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: error.message } },
          });
        }
        return;
      }
      // A lost save race: the stored flow is the other turn's progress, not this turn's broken state.
      if (!(error instanceof FlowStateConflictError)) await deps.dialogState.delete(context);
      const message =
        error instanceof FlowStateConflictError
          ? error.message
          : error instanceof AzureError
            ? `${error.message} If you were changing billing, check "billing status" before trying again.`
            : 'I could not finish that. If you were changing billing, check "billing status" before trying again.';
      const card = deps.cards.attachment('error', { message, correlationId, at: now().toISOString() });
      if (activity.type === ActivityTypes.Invoke) {
        await context.sendActivity({
          type: ActivityTypes.InvokeResponse,
          value: {
            status: 200,
            body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card.content },
          },
        });
      } else {
        await context.sendActivity({ attachments: [card] });
      }
    } catch (reportError) {
      deps.logger.error({ correlationId, err: reportError }, 'could not tell the user about the error');
    }
  };
}
