import { TurnContext, type StatePropertyAccessor } from 'botbuilder';
import type { DialogContext, DialogSet, DialogState } from 'botbuilder-dialogs';
import { z } from 'zod';
import { escapeUserText } from '../cards/escape.js';
import type { RecognizedIntent, Recognizer } from '../commands/recognizer.js';
import type { CommandHandler, CommandTurn, RoutedCommand } from './contracts.js';
import { callerOf } from './turnCaller.js';

/**
 * Card buttons send `{command}` (treated as typed text) or, on dialog cards, `{runId, ...}` (an answer to the
 * dialog that sent the card). Anything else in `value` is ignored rather than trusted.
 */
const submittedValueSchema = z
  .object({ command: z.string().max(500).optional(), runId: z.string().max(100).optional() })
  .passthrough();

/** The shell's own answers, for the built-in intents that are not a capability. */
export interface ShellCommands {
  help: CommandHandler;
  greeting: CommandHandler;
  unknown: CommandHandler;
}

export interface RouterDeps {
  dialogs: DialogSet;
  /** The property `dialogs` keeps its stack in: read first, so a turn without a flow builds no dialog context. */
  dialogState: StatePropertyAccessor<DialogState>;
  lastActiveAt: StatePropertyAccessor<number | undefined>;
  recognize: Recognizer;
  /** Every capability command by intent; `question` (licensing Q&A) must be among them. */
  commands: ReadonlyMap<string, RoutedCommand>;
  shell: ShellCommands;
  idleMinutes: number;
  now: () => Date;
}

export class CommandRouter {
  constructor(private readonly deps: RouterDeps) {
    if (!deps.commands.has('question')) throw new Error('No capability answers the built-in "question" intent');
  }

  async onMessage(context: TurnContext): Promise<void> {
    const { activity } = context;
    const value = submittedValueSchema.safeParse(activity.value ?? {});
    const submitted = value.success ? value.data : {};
    const text = (submitted.command ?? TurnContext.removeRecipientMention(activity) ?? activity.text ?? '').trim();
    const caller = callerOf(context);
    if (!caller) {
      await context.sendActivity(
        'I can only act for a signed-in Microsoft Entra user, and this message did not say who you are. Please message me from Microsoft Teams.',
      );
      return;
    }

    // Most messages (help, a question) run no flow; a dialog context costs a tenth of such a turn, so it is built
    // only when a flow is running or a command starts one.
    let dialogs = (await this.flowIsRunning(context)) ? await this.deps.dialogs.createContext(context) : undefined;
    if (dialogs) await this.expireIdleFlow(context, dialogs);

    if (submitted.runId !== undefined && submitted.command === undefined) {
      if (dialogs?.activeDialog) await dialogs.continueDialog();
      else await context.sendActivity('This card has expired: the conversation it belonged to has ended. Start again from **help**.');
      await this.touch(context, dialogs);
      return;
    }

    const recognized = this.deps.recognize(text);
    const startFlow = async (dialogId: string, options: object): Promise<void> => {
      dialogs ??= await this.deps.dialogs.createContext(context);
      await dialogs.beginDialog(dialogId, options);
    };
    const turn: CommandTurn = { context, startFlow, text, recognized, caller };
    if (recognized.intent === 'cancel') {
      if (dialogs?.activeDialog) {
        await dialogs.cancelAllDialogs();
        await context.sendActivity('Cancelled. Nothing was changed.');
      } else {
        await context.sendActivity('There is nothing to cancel. Type **help** to see what I can do.');
      }
    } else if (dialogs?.activeDialog && (recognized.intent === 'help' || isPlainQuestion(recognized, text))) {
      await this.handlerFor(recognized.intent)(turn);
      await context.sendActivity('You are still in the middle of a step: answer the card above, or type **cancel**.');
    } else if (dialogs?.activeDialog && !this.deps.commands.get(recognized.intent)?.replacesFlow) {
      await dialogs.continueDialog();
    } else {
      if (dialogs?.activeDialog) {
        await dialogs.cancelAllDialogs();
        await context.sendActivity(`I stopped what we were doing before, to handle "${escapeUserText(text)}".`);
      }
      await this.handlerFor(recognized.intent)(turn);
    }
    await this.touch(context, dialogs);
  }

  private handlerFor(intent: string): CommandHandler {
    const { shell, commands } = this.deps;
    if (intent === 'help' || intent === 'greeting' || intent === 'unknown') return shell[intent];
    return commands.get(intent)?.handler ?? shell.unknown;
  }

  private async flowIsRunning(context: TurnContext): Promise<boolean> {
    const state = await this.deps.dialogState.get(context);
    return (state?.dialogStack?.length ?? 0) > 0;
  }

  /** A flow left alone longer than the idle limit ends, so an old card cannot act on a stale decision. */
  private async expireIdleFlow(context: TurnContext, dialogs: DialogContext): Promise<void> {
    if (!dialogs.activeDialog) return;
    const last = await this.deps.lastActiveAt.get(context);
    const idleMs = this.deps.idleMinutes * 60_000;
    if (last !== undefined && this.deps.now().getTime() - last > idleMs) {
      await dialogs.cancelAllDialogs();
      await context.sendActivity(
        `Your earlier request expired after ${this.deps.idleMinutes} minutes without an answer. Nothing was changed.`,
      );
    }
  }

  /** Only a running flow needs the timestamp; without one, leaving it unset keeps the turn free of a state write. */
  private async touch(context: TurnContext, dialogs: DialogContext | undefined): Promise<void> {
    if (dialogs?.activeDialog) await this.deps.lastActiveAt.set(context, this.deps.now().getTime());
    else await this.deps.lastActiveAt.delete(context);
  }
}

/**
 * Mid-flow, only an unmistakable question (ending in "?") is answered aside; anything else may be a typed answer
 * to the card (an organization or subscription name) and goes to the flow.
 */
function isPlainQuestion(recognized: RecognizedIntent, text: string): boolean {
  return recognized.intent === 'question' && text.trimEnd().endsWith('?');
}
