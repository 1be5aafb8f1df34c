import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { Template } from 'adaptivecards-templating';
import { CardRenderer } from '../../src/cards/renderer.js';
import type { CardView, CardViews } from '../../src/cards/views.js';
import { cardsDir } from '../../src/paths.js';
import { samples, variants } from './samples.js';

const banner = 'Sandbox: demo data, no real charges';

/**
 * The renderer as it was before templates were compiled once: the template file parsed into a new `Template` for
 * every render. The compiled renderer must produce exactly these bytes.
 */
function renderWithFreshTemplate(view: CardView, data: object, withBanner?: string): string {
  const payload = JSON.parse(readFileSync(join(cardsDir, `${view}.json`), 'utf8')) as unknown;
  const expanded = new Template(payload).expand({ $root: data }) as { body: unknown[] };
  const bannerBlock = { type: 'TextBlock', text: withBanner, size: 'Small', weight: 'Bolder', color: 'Attention', wrap: true, spacing: 'None' };
  return JSON.stringify({
    ...expanded,
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body: withBanner ? [bannerBlock, ...expanded.body] : expanded.body,
  });
}

const views = readdirSync(cardsDir).filter((file) => file.endsWith('.json')).map((file) => file.replace(/\.json$/, '') as CardView);
const render = (renderer: CardRenderer, view: CardView, data: object): string => JSON.stringify(renderer.render(view, data as CardViews[typeof view]));

describe('templates compiled once render byte for byte what a fresh Template renders', () => {
  it.each([undefined, banner])('every template with its realistic sample, banner %s, rendered three times over', (withBanner) => {
    const renderer = new CardRenderer({ cardsDir, banner: withBanner });
    // Each view renders again after every other view has, so a template reused from the cache is compared too.
    for (let pass = 0; pass < 3; pass++) {
      for (const view of views) expect(render(renderer, view, samples[view])).toBe(renderWithFreshTemplate(view, samples[view], withBanner));
    }
  });

  it.each(Object.keys(variants) as CardView[])('%s alternates between its sample and a variant taking the other branches, nothing carried over', (view) => {
    const renderer = new CardRenderer({ cardsDir, banner });
    const variant = variants[view] as object;
    expect(renderWithFreshTemplate(view, variant, banner)).not.toBe(renderWithFreshTemplate(view, samples[view], banner));
    for (const data of [samples[view], variant, samples[view], variant]) {
      expect(render(renderer, view, data)).toBe(renderWithFreshTemplate(view, data, banner));
    }
  });

  it('renders a card given data that names a field the template reads as undefined the same way', () => {
    // adaptivecards-templating writes `${field}` back for an undefined field; the shared template must too.
    const renderer = new CardRenderer({ cardsDir });
    const partial = { message: 'I could not finish that.' } as unknown as CardViews['error'];
    expect(render(renderer, 'error', partial)).toBe(renderWithFreshTemplate('error', partial));
    expect(render(renderer, 'error', samples.error)).toBe(renderWithFreshTemplate('error', samples.error));
  });
});
