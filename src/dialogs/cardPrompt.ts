import type { Attachment, TurnContext } from 'botbuilder';
import type { PromptOptions, PromptRecognizerResult } from 'botbuilder-dialogs';
import { Prompt } from './sdk.js';
import { z } from 'zod';
import { escapeUserText } from '../cards/escape.js';

/** What every button on a dialog card sends. Only `choice` matters, and only once run and step match. */
export interface CardSubmit {
  runId: string;
  step: string;
  choice: string;
}

const cardSubmitSchema = z.object({ runId: z.string(), step: z.string(), choice: z.string().max(200) });

export interface CardPromptOptions extends PromptOptions {
  card: Attachment;
  runId: string;
  step: string;
  /** Accepted choices: the value a button sends → words a user may type instead (name, number, id). */
  accepted: Record<string, string[]>;
}

export const cancelChoice = 'cancel';

/** What a prompt says when a card (or form) from an earlier step or run is used: it shows a stale decision. */
export function expiredCardNotice(what: 'card' | 'form'): string {
  return `That card is from an earlier step and has expired. Please use the ${what} below.`;
}

type Failure = 'expired' | 'invalid';

/**
 * Asks with an Adaptive Card and accepts either one of its buttons or a typed answer. A click on a card from an
 * earlier step or an earlier run is refused as expired (the card shows a stale decision); anything else that is not
 * a listed choice gets a polite "not an option" and the card again.
 */
export class CardPrompt extends Prompt<string> {
  constructor(dialogId: string) {
    super(dialogId);
  }

  protected async onPrompt(
    context: TurnContext,
    state: Record<string, unknown>,
    options: PromptOptions,
    isRetry: boolean,
  ): Promise<void> {
    const { card } = options as CardPromptOptions;
    if (isRetry) {
      const failure = state.failure as Failure | undefined;
      const input = state.input as string | undefined;
      await context.sendActivity(
        failure === 'expired'
          ? expiredCardNotice('card')
          : `"${escapeUserText(input ?? '')}" is not one of the options. Pick one on the card below, or type **cancel** to stop.`,
      );
    }
    await context.sendActivity({ attachments: [card] });
  }

  protected async onRecognize(
    context: TurnContext,
    state: Record<string, unknown>,
    options: PromptOptions,
  ): Promise<PromptRecognizerResult<string>> {
    const { runId, step, accepted } = options as CardPromptOptions;
    const { activity } = context;
    const submitted = cardSubmitSchema.safeParse(activity.value);
    if (submitted.success) {
      if (submitted.data.runId !== runId || submitted.data.step !== step) return this.fail(state, 'expired', '');
      if (submitted.data.choice === cancelChoice || Object.hasOwn(accepted, submitted.data.choice)) {
        return { succeeded: true, value: submitted.data.choice };
      }
      return this.fail(state, 'invalid', submitted.data.choice);
    }
    const typed = (activity.text ?? '').trim().toLowerCase();
    if (typed.length > 0) {
      for (const [choice, words] of Object.entries(accepted)) {
        if (choice.toLowerCase() === typed || words.some((word) => word.toLowerCase() === typed)) {
          return { succeeded: true, value: choice };
        }
      }
    }
    return this.fail(state, 'invalid', activity.text ?? '');
  }

  private fail(state: Record<string, unknown>, failure: Failure, input: string): PromptRecognizerResult<string> {
    state.failure = failure;
    state.input = input;
    return { succeeded: false };
  }
}
