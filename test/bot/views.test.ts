import { describe, expect, it } from '@jest/globals';
import { BotViews } from '../../src/bot/views.js';
import { capabilityModules } from '../../src/capabilities/index.js';
import { CardRenderer } from '../../src/cards/renderer.js';
import { cardsDir } from '../../src/paths.js';

describe('the shell\'s own cards', () => {
  const renderer = new CardRenderer({ cardsDir, banner: 'Sandbox: demo data, no real charges' });
  const help = capabilityModules.flatMap((module) => (module.help ? [module.help] : []));

  it.each(['help', 'welcome'] as const)('renders the %s card once and sends the same frozen card every time, as a fresh render shows it', (view) => {
    const views = new BotViews(renderer, help);
    const first = views[view]();
    expect(views[view]()).toBe(first);
    expect(Object.isFrozen(first.content.body)).toBe(true);
    expect(() => (first.content.body as unknown[]).push({ type: 'TextBlock', text: 'changed' })).toThrow(TypeError);
    expect(first).toEqual(new BotViews(renderer, help)[view]());
  });
});
