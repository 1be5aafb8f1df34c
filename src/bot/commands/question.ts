import type { CardRenderer } from '../../cards/renderer.js';
import { answerCardData, unsureCardData } from '../../knowledge/cardData.js';
import type { KnowledgeBase } from '../../knowledge/knowledgeBase.js';
import type { CommandHandler } from '../router.js';

/** Licensing Q&A: an article's own text with its source, or "not sure" with the closest questions. Never invented. */
export function questionCommand(deps: { knowledge: KnowledgeBase; cards: CardRenderer }): CommandHandler {
  return async ({ context, text }) => {
    const result = deps.knowledge.answer(text);
    const card =
      result.kind === 'answer'
        ? deps.cards.attachment('licensing-answer', answerCardData(result))
        : deps.cards.attachment('licensing-unsure', unsureCardData(result));
    await context.sendActivity({ attachments: [card] });
  };
}
