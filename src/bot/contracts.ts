import type { AdaptiveCardInvokeResponse, TurnContext } from 'botbuilder';
import type { z } from 'zod';
import type { Caller } from '../azure/ports.js';
import type { AdaptiveCard } from '../cards/renderer.js';
import type { RecognizedIntent } from '../commands/recognizer.js';

/**
 * What the shell hands a capability: a parsed turn for a typed command, a parsed turn for a card action. The
 * shell (router, invoke routing) depends only on these; capabilities implement them.
 */

export interface CommandTurn {
  context: TurnContext;
  /** Starts the dialog `dialogId` (a flow of the capability's `dialogs`) with these options. */
  startFlow(dialogId: string, options: object): Promise<void>;
  text: string;
  recognized: RecognizedIntent;
  caller: Caller;
}

export type CommandHandler = (turn: CommandTurn) => Promise<void>;

export interface RoutedCommand {
  handler: CommandHandler;
  /** Typed in the middle of a flow, it replaces the flow instead of feeding it. */
  replacesFlow: boolean;
}

export interface ActionTurn {
  context: TurnContext;
  caller: Caller;
  /** `automatic` when Teams refreshes a card on display (`refresh`), `manual` for a click. */
  trigger: 'manual' | 'automatic';
}

/**
 * One `Action.Execute` verb. Card data is untrusted: it is parsed with `data` before `handle` sees it, and it
 * names things (an organization, a request id), never who is acting.
 */
export interface ActionDefinition<Data = unknown> {
  verb: string;
  data: z.ZodType<Data>;
  handle(turn: ActionTurn, data: Data): Promise<ActionResponse>;
}

/** Keeps `Data` tied between the schema and the handler when declaring an action. */
export function defineAction<Data>(action: ActionDefinition<Data>): ActionDefinition<Data> {
  return action;
}

export interface CardResponse {
  statusCode: 200;
  type: 'application/vnd.microsoft.card.adaptive';
  value: AdaptiveCard;
}

/** Universal Actions' message response: Teams shows the text as a toast and leaves the card as it was. */
export interface MessageResponse {
  statusCode: 200;
  type: 'application/vnd.microsoft.activity.message';
  value: string;
}

export interface ErrorResponse {
  statusCode: 400 | 401 | 403 | 404 | 409 | 412 | 500;
  type: 'application/vnd.microsoft.error';
  value: { code: string; message: string };
}

export type ActionResponse = CardResponse | MessageResponse | ErrorResponse;

// Checked against botbuilder's type, so a response Teams would not understand fails to compile.
export function cardResponse(card: AdaptiveCard): CardResponse {
  const response: CardResponse = { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card };
  return response satisfies AdaptiveCardInvokeResponse;
}

export function messageResponse(text: string): MessageResponse {
  return { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: text };
}

export function errorResponse(statusCode: ErrorResponse['statusCode'], code: string, message: string): ErrorResponse {
  const response: ErrorResponse = { statusCode, type: 'application/vnd.microsoft.error', value: { code, message } };
  return response satisfies AdaptiveCardInvokeResponse;
}
