import type { CardRenderer } from '../../cards/renderer.js';
import type { KnowledgeBase } from '../../knowledge/knowledgeBase.js';
import type { CommandHandler } from '../router.js';

/** Licensing Q&A: an article's own text with its source, or "not sure" with the closest questions. Never invented. */
export function questionCommand(deps: { knowledge: KnowledgeBase; cards: CardRenderer }): CommandHandler {
  return async ({ context, text }) => {
    const result = deps.knowledge.answer(text);
    const card =
      result.kind === 'answer'
        ? deps.cards.attachment('licensing-answer', {
            title: result.article.title,
            answer: result.article.answer,
            sources: result.article.sources.map((url) => ({ title: 'Source', url })),
            related: result.related.map((article) => ({ title: article.title, command: article.title })),
          })
        : deps.cards.attachment('licensing-unsure', {
            closest: result.closest.map((article) => ({ title: article.title, command: article.title })),
          });
    await context.sendActivity({ attachments: [card] });
  };
}
