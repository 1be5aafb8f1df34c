import { readdirSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { CardRenderer, maxCardBytes } from '../../src/cards/renderer.js';
import type { CardView } from '../../src/cards/views.js';
import { cardsDir } from '../../src/paths.js';
import { cardBytes, cardProblems } from '../support/adaptiveCards.js';
import { samples } from './samples.js';

describe('every card template', () => {
  const templates = readdirSync(cardsDir).filter((file) => file.endsWith('.json')).map((file) => file.replace(/\.json$/, ''));

  it('has realistic sample data in this table (a new template must be added here)', () => {
    expect(templates.sort()).toEqual(Object.keys(samples).sort());
  });

  it.each(templates as CardView[])('%s expands to a valid Adaptive Card 1.5 within 28 KB, with and without the sandbox banner', (view) => {
    for (const banner of [undefined, 'Sandbox: demo data, no real charges']) {
      const card = new CardRenderer({ cardsDir, banner }).render(view, samples[view]);
      expect(card.version).toBe('1.5');
      expect(cardProblems(card)).toEqual([]);
      expect(cardBytes(card)).toBeLessThanOrEqual(maxCardBytes);
      expect(JSON.stringify(card)).not.toContain('${');
    }
  });
});
