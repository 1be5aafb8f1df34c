import type { BotViews } from '../views.js';
import type { CommandHandler } from '../router.js';

export function helpCommand(views: BotViews): CommandHandler {
  return async ({ context }) => {
    await context.sendActivity({ attachments: [views.help()] });
  };
}

export function greetingCommand(views: BotViews): CommandHandler {
  return async ({ context }) => {
    await context.sendActivity({ attachments: [views.welcome()] });
  };
}

export function unknownCommand(views: BotViews): CommandHandler {
  return async ({ context }) => {
    await context.sendActivity({ text: "Sorry, I didn't get that. Here is what I can do:", attachments: [views.help()] });
  };
}
