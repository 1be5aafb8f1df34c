import type { CardRenderer } from '../../cards/renderer.js';
import { answerCardData, outsideMessage, unsureCardData } from '../../knowledge/cardData.js';
import type { KnowledgeBase } from '../../knowledge/knowledgeBase.js';
import type { CommandHandler } from '../../bot/contracts.js';

/** Licensing Q&A: an article's own text with its source, or "not sure" with the closest questions. Never invented. */
export function questionCommand(deps: { knowledge: KnowledgeBase; cards: CardRenderer }): CommandHandler {
  return async ({ context, text }) => {
    // "ask …" is how the Teams command menu (appPackage/manifest.json) phrases a question; the word itself is noise.
    const question = text.replace(/^ask\s+(?=\S)/i, '');
    const result = deps.knowledge.answer(question);
    if (result.kind === 'outside') {
      await context.sendActivity(outsideMessage());
      return;
    }
    const card =
      result.kind === 'answer'
        ? deps.cards.attachment('licensing-answer', answerCardData(result))
        : deps.cards.attachment('licensing-unsure', unsureCardData(result));
    await context.sendActivity({ attachments: [card] });
  };
}
