import type { Attachment, TurnContext } from 'botbuilder';
import type { PromptOptions, PromptRecognizerResult } from 'botbuilder-dialogs';
import { Prompt } from './sdk.js';
import { z } from 'zod';
import { escapeUserText } from '../cards/escape.js';
import { parseServerVersion } from '../rules/serverVersions.js';
import { cancelChoice, expiredCardNotice } from './cardPrompt.js';

export interface ServerVersionPromptOptions extends PromptOptions {
  card: Attachment;
  runId: string;
  step: string;
  /** Put before a typed answer: "Update 3" answers "which update of TFS 2015?". */
  typedPrefix?: string;
}

const buttonSchema = z.object({ runId: z.string(), step: z.string(), choice: z.string().max(200) });

/**
 * Asks for a server release with buttons, and also takes the release typed in any form the rules module reads
 * ("tfs 2017 update 3", "2022.1"). What it cannot read gets the parser's own explanation and the card again.
 * Resolves to the version text, or `cancel`.
 */
export class ServerVersionPrompt extends Prompt<string> {
  constructor(dialogId: string) {
    super(dialogId);
  }

  protected async onPrompt(context: TurnContext, state: Record<string, unknown>, options: PromptOptions, isRetry: boolean): Promise<void> {
    if (isRetry) {
      await context.sendActivity(
        state.failure === 'expired'
          ? expiredCardNotice('card')
          : `${escapeUserText(String(state.message ?? ''))} Pick a button below, or type **cancel** to stop.`,
      );
    }
    await context.sendActivity({ attachments: [(options as ServerVersionPromptOptions).card] });
  }

  protected async onRecognize(context: TurnContext, state: Record<string, unknown>, options: PromptOptions): Promise<PromptRecognizerResult<string>> {
    const { runId, step, typedPrefix } = options as ServerVersionPromptOptions;
    const clicked = buttonSchema.safeParse(context.activity.value);
    let text: string;
    if (clicked.success) {
      if (clicked.data.runId !== runId || clicked.data.step !== step) {
        state.failure = 'expired';
        return { succeeded: false };
      }
      text = clicked.data.choice;
    } else {
      const typed = (context.activity.text ?? '').trim();
      text = typedPrefix && /^(rtm|update\s*\d+|u\s*\d+|\d+)$/i.test(typed) ? `${typedPrefix} ${/^\d+$/.test(typed) ? `Update ${typed}` : typed}` : typed;
    }
    if (text === cancelChoice) return { succeeded: true, value: cancelChoice };
    const parsed = parseServerVersion(text);
    if (parsed.ok) return { succeeded: true, value: text };
    state.failure = 'invalid';
    state.message = parsed.message;
    return { succeeded: false };
  }
}
