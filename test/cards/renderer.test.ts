import { describe, expect, it } from '@jest/globals';
import { CardRenderer, CardTooLargeError } from '../../src/cards/renderer.js';
import type { CardView } from '../../src/cards/views.js';
import { cardsDir } from '../../src/paths.js';
import { cardProblems } from '../support/adaptiveCards.js';

describe('CardRenderer', () => {
  it('expands a template, sets version 1.5 and adds the banner first', () => {
    const renderer = new CardRenderer({ cardsDir, banner: 'Sandbox' });
    const card = renderer.render('welcome', {
      title: 'T',
      intro: 'I',
      capabilities: [{ title: 'a', description: 'b', example: 'c', button: 'Go', command: 'help' }],
    });
    expect(card.version).toBe('1.5');
    expect(card.body[0]).toMatchObject({ type: 'TextBlock', text: 'Sandbox' });
    expect(cardProblems(card)).toEqual([]);
  });

  it('refuses a card above 28 KB', () => {
    const renderer = new CardRenderer({ cardsDir });
    const capabilities = Array.from({ length: 200 }, (_, i) => ({
      title: `t${i}`, description: 'x'.repeat(100), example: 'e', button: 'b', command: 'c',
    }));
    expect(() => renderer.render('welcome', { title: 'T', intro: 'I', capabilities })).toThrow(CardTooLargeError);
  });

  it('rejects view names that could escape the cards folder', () => {
    expect(() => new CardRenderer({ cardsDir }).render('../package' as CardView, {} as never)).toThrow(/Invalid card view/);
  });
});
