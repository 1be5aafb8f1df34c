import type { InvokeResponse, TurnContext } from 'botbuilder';
import { z } from 'zod';
import type { Logger } from '../logger.js';
import { errorResponse, type ActionDefinition, type ActionResponse } from './contracts.js';
import { callerOf } from './turnCaller.js';

/**
 * The `adaptiveCard/action` invoke value. botbuilder's own parser dereferences `value.action` unchecked (a 500 on
 * a malformed invoke), so the shape is checked here and a bad one gets a 400 that says what was wrong.
 */
const invokeValueSchema = z
  .object({
    action: z
      .object({
        type: z.literal('Action.Execute'),
        verb: z.string().min(1).max(100),
        data: z.record(z.string(), z.unknown()).optional(),
      })
      .passthrough(),
    trigger: z.enum(['manual', 'automatic']).optional(),
  })
  .passthrough();

/** Routes `Action.Execute` by verb to the one handler that owns it; every answer is a typed invoke response. */
export class ActionRouter {
  private readonly actions: ReadonlyMap<string, ActionDefinition>;

  constructor(
    actions: readonly ActionDefinition[],
    private readonly logger: Logger,
  ) {
    const byVerb = new Map<string, ActionDefinition>();
    for (const action of actions) {
      if (byVerb.has(action.verb)) throw new Error(`Two card actions claim the verb "${action.verb}"`);
      byVerb.set(action.verb, action);
    }
    this.actions = byVerb;
  }

  async onInvoke(context: TurnContext): Promise<InvokeResponse<ActionResponse>> {
    const response = await this.respond(context);
    return { status: response.statusCode, body: response };
  }

  private async respond(context: TurnContext): Promise<ActionResponse> {
    const invoke = invokeValueSchema.safeParse(context.activity.value);
    if (!invoke.success) {
      return errorResponse(400, 'BadRequest', 'This card action is not one I understand. Type **help** to start again.');
    }
    const { verb, data } = invoke.data.action;
    const action = this.actions.get(verb);
    if (!action) {
      this.logger.warn({ verb }, 'card action with an unknown verb');
      return errorResponse(
        400,
        'UnknownVerb',
        'This button belongs to a card this version of the bot no longer handles. Type **help** to start again.',
      );
    }
    const caller = callerOf(context);
    if (!caller) {
      return errorResponse(401, 'Unauthenticated', 'I can only act for a signed-in Microsoft Entra user. Please use this card in Microsoft Teams.');
    }
    const parsed = action.data.safeParse(data ?? {});
    if (!parsed.success) {
      this.logger.warn({ verb, issues: parsed.error.issues.map((issue) => issue.path.join('.')) }, 'card action with malformed data');
      return errorResponse(400, 'BadRequest', 'This card is damaged or out of date, so I did not act on it. Type **help** to start again.');
    }
    return action.handle({ context, caller, trigger: invoke.data.trigger ?? 'manual' }, parsed.data);
  }
}
