/**
 * The parts of botbuilder-dialogs the bot uses, each from its own file. The package's index also loads every built-in
 * prompt with the number, date-time and choice recognizers of every culture: 0.5 to 1 s of each start (measured with
 * `node --cpu-prof`), for prompts the bot never uses. Values from botbuilder-dialogs are imported from here
 * (test/dialogs/sdk.test.ts keeps it so); type imports cost nothing and may name the package.
 */
export { ComponentDialog } from 'botbuilder-dialogs/lib/componentDialog.js';
export { DialogSet } from 'botbuilder-dialogs/lib/dialogSet.js';
export { Prompt } from 'botbuilder-dialogs/lib/prompts/prompt.js';
export { WaterfallDialog } from 'botbuilder-dialogs/lib/waterfallDialog.js';
