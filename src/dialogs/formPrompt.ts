import type { Attachment, TurnContext } from 'botbuilder';
import type { PromptOptions, PromptRecognizerResult } from 'botbuilder-dialogs';
import { Prompt } from './sdk.js';
import { z } from 'zod';
import { cancelChoice, expiredCardNotice } from './cardPrompt.js';

export interface FormPromptOptions extends PromptOptions {
  card: Attachment;
  runId: string;
  step: string;
}

/** What a form's submit button sends: the run and step (as on every dialog card) plus the form's inputs. */
const formSubmitSchema = z.object({ runId: z.string(), step: z.string(), choice: z.string().max(200) }).passthrough();

type FormResult<T> = { cancelled: true } | { cancelled: false; values: T };

/**
 * Asks with a card of inputs. Only a submit of this run and step counts, and its inputs are parsed with the form's
 * schema (unknown fields dropped, lengths capped); a typed message or a stale card gets a polite word and the form
 * again. The schema is given at construction, not in the options, because options are stored with the dialog state.
 */
export class FormPrompt<T> extends Prompt<FormResult<T>> {
  constructor(
    dialogId: string,
    private readonly schema: z.ZodType<T>,
  ) {
    super(dialogId);
  }

  protected async onPrompt(context: TurnContext, state: Record<string, unknown>, options: PromptOptions, isRetry: boolean): Promise<void> {
    if (isRetry) {
      await context.sendActivity(
        state.failure === 'expired'
          ? expiredCardNotice('form')
          : 'Please fill in the form below and press its button, or type **cancel** to stop.',
      );
    }
    await context.sendActivity({ attachments: [(options as FormPromptOptions).card] });
  }

  protected async onRecognize(
    context: TurnContext,
    state: Record<string, unknown>,
    options: PromptOptions,
  ): Promise<PromptRecognizerResult<FormResult<T>>> {
    const { runId, step } = options as FormPromptOptions;
    const submitted = formSubmitSchema.safeParse(context.activity.value);
    if (!submitted.success) return this.fail(state, 'invalid');
    if (submitted.data.runId !== runId || submitted.data.step !== step) return this.fail(state, 'expired');
    if (submitted.data.choice === cancelChoice) return { succeeded: true, value: { cancelled: true } };
    const values = this.schema.safeParse(submitted.data);
    if (!values.success) return this.fail(state, 'invalid');
    return { succeeded: true, value: { cancelled: false, values: values.data } };
  }

  private fail(state: Record<string, unknown>, failure: 'expired' | 'invalid'): PromptRecognizerResult<FormResult<T>> {
    state.failure = failure;
    return { succeeded: false };
  }
}
