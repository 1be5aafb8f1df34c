import type { CommandHandler } from '../bot/contracts.js';
import type { CardRenderer } from '../cards/renderer.js';
import type { KnowledgeBase } from '../knowledge/knowledgeBase.js';
import { questionCommand } from './licensingQuestions/answer.js';

/**
 * Seat requests and Test Manager grants are the next capabilities. Until they land, say so plainly and answer the
 * licensing side of the request from the docs, rather than pretend to act.
 */
export function notYetCommand(deps: { knowledge: KnowledgeBase; cards: CardRenderer; feature: string }): CommandHandler {
  const answer = questionCommand(deps);
  return async (turn) => {
    await turn.context.sendActivity(
      `Handling ${deps.feature} in chat is not available in this version yet, so nothing was requested or assigned. ` +
        'Meanwhile, an admin can assign access levels in Organization settings > Users. Here is what the docs say:',
    );
    await answer(turn);
  };
}
