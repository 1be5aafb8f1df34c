import type { ShellCommands } from './router.js';
import type { BotViews } from './views.js';

/** Help, greeting and "didn't get that": the shell's answers to the built-in intents. */
export function shellCommands(views: BotViews): ShellCommands {
  return {
    help: async ({ context }) => {
      await context.sendActivity({ attachments: [views.help()] });
    },
    greeting: async ({ context }) => {
      await context.sendActivity({ attachments: [views.welcome()] });
    },
    unknown: async ({ context }) => {
      await context.sendActivity({ text: "Sorry, I didn't get that. Here is what I can do:", attachments: [views.help()] });
    },
  };
}
