import { describe, expect, it } from '@jest/globals';
import { CardRenderer, maxCardBytes } from '../../src/cards/renderer.js';
import { articles } from '../../src/knowledge/articles/index.js';
import { answerCardData, unsureCardData } from '../../src/knowledge/cardData.js';
import { KnowledgeBase } from '../../src/knowledge/knowledgeBase.js';
import { cardsDir } from '../../src/paths.js';
import { cardBytes, cardProblems } from '../support/adaptiveCards.js';

const renderer = new CardRenderer({ cardsDir, banner: 'Sandbox — no real charges' });
const knowledgeBase = new KnowledgeBase();

interface CardAction {
  type: string;
  title: string;
  url?: string;
  data?: { command?: string };
}

/** Every action on the card, top-level and inside ActionSets, in display order. */
/** Every action in document order: buttons, rows made clickable with selectAction, then the card's own actions. */
function actionsOf(card: { body: unknown[]; actions?: unknown }): CardAction[] {
  const found: CardAction[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (typeof record.type === 'string' && record.type.startsWith('Action.')) found.push(record as unknown as CardAction);
      else Object.values(record).forEach(visit);
    }
  };
  visit(card.body);
  visit(card.actions);
  return found;
}

describe('licensing cards', () => {
  it.each(articles.map((article) => ({ id: article.id, article })))('renders $id as a valid answer card', ({ article }) => {
    const related = (article.related ?? []).slice(0, 2).flatMap((id) => articles.find((a) => a.id === id) ?? []);
    const card = renderer.render(
      'licensing-answer',
      answerCardData({ kind: 'answer', article, score: 1, confidence: 1, related }),
    );
    expect(cardProblems(card)).toEqual([]);
    expect(cardBytes(card)).toBeLessThanOrEqual(maxCardBytes);

    const actions = actionsOf(card);
    const sources = actions.filter((action) => action.type === 'Action.OpenUrl');
    expect(sources.map((action) => action.url)).toEqual(article.sources);
    for (const source of sources) expect(source.title).toMatch(/^Source(: .+)?$/);
    const submits = actions.filter((action) => action.type === 'Action.Submit');
    expect(submits.map((action) => action.data)).toEqual(related.map((a) => ({ command: a.title })));
    expect(JSON.stringify(card).includes('Estimates use list prices as of')).toBe(article.quotesPrices === true);
  });

  it('shows the question as title and the article text verbatim', () => {
    const result = knowledgeBase.answer('how much is a basic user per month');
    expect(result.kind).toBe('answer');
    if (result.kind !== 'answer') return;
    const card = renderer.render('licensing-answer', answerCardData(result));
    expect(card.body).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'TextBlock', text: result.article.title }),
        expect.objectContaining({ type: 'TextBlock', text: result.article.answer }),
      ]),
    );
  });

  it('renders an answer without related questions and without a price note', () => {
    const article = articles.find((a) => !a.quotesPrices);
    if (!article) throw new Error('every article quotes prices');
    const card = renderer.render('licensing-answer', answerCardData({ kind: 'answer', article, score: 1, confidence: 1, related: [] }));
    expect(cardProblems(card)).toEqual([]);
    expect(actionsOf(card).filter((action) => action.type === 'Action.Submit')).toEqual([]);
    expect(JSON.stringify(card)).not.toContain('Related questions');
  });

  it('renders the unsure card with the three closest questions and the guided dialogs', () => {
    const result = knowledgeBase.answer('billing');
    expect(result.kind).toBe('unsure');
    if (result.kind !== 'unsure') return;
    const card = renderer.render('licensing-unsure', unsureCardData(result));
    expect(cardProblems(card)).toEqual([]);
    expect(cardBytes(card)).toBeLessThanOrEqual(maxCardBytes);
    expect(JSON.stringify(card)).toContain("I'm not sure I have an answer to that");
    expect(actionsOf(card).map((action) => action.data)).toEqual([
      ...result.closest.map((article) => ({ command: article.title })),
      { command: 'set up billing' },
      { command: 'help' },
    ]);
  });

  it('renders the unsure card even with nothing close', () => {
    const card = renderer.render('licensing-unsure', unsureCardData({ kind: 'unsure', closest: [], confidence: 0 }));
    expect(cardProblems(card)).toEqual([]);
    expect(actionsOf(card).map((action) => action.title)).toEqual(['Set up billing', 'Help']);
  });
});
