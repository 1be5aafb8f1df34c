import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Template } from 'adaptivecards-templating';
import type { CardView, CardViews } from './views.js';

/** Teams rejects cards above 28 KB, measured as UTF-16 (two bytes a character). */
export const maxCardBytes = 28 * 1024;
/** Teams renders Adaptive Cards up to 1.5; every card declares it. */
export const cardVersion = '1.5';

export type AdaptiveCard = Record<string, unknown> & { type: 'AdaptiveCard'; version: string; body: unknown[] };

export interface CardAttachment {
  contentType: 'application/vnd.microsoft.card.adaptive';
  content: AdaptiveCard;
}

export class CardTooLargeError extends Error {
  constructor(
    readonly view: string,
    readonly bytes: number,
  ) {
    super(`Card "${view}" is ${bytes} bytes as UTF-16, above the ${maxCardBytes}-byte Teams limit`);
    this.name = 'CardTooLargeError';
  }
}

export interface CardRendererOptions {
  cardsDir: string;
  /** Shown at the top of every card so nobody mistakes the demo tenant for real billing. */
  banner?: string;
}

/**
 * Expands `cards/<view>.json` with data; code decides the data, the template decides the look.
 *
 * Each view's `Template` is built once: its constructor parses every `${…}` of the card into an expression tree
 * (about 1 ms for the help card, most of a turn's CPU when done per render), and `expand` only evaluates those
 * trees against the data. `expand` is synchronous and keeps no state from one call to the next that changes its
 * output, so concurrent turns can share one instance (test/cards/compiledTemplates.test.ts compares every template
 * with a freshly built one).
 */
export class CardRenderer {
  private readonly templates = new Map<string, Template>();

  constructor(private readonly options: CardRendererOptions) {}

  render<V extends CardView>(view: V, data: CardViews[V]): AdaptiveCard {
    const card = this.expand(view, data);
    const bytes = cardSize(card);
    if (bytes > maxCardBytes) throw new CardTooLargeError(view, bytes);
    return card;
  }

  /** Like `attachment`, but undefined when the card would be over the limit, so a caller can show less and retry. */
  attachmentIfFits<V extends CardView>(view: V, data: CardViews[V]): CardAttachment | undefined {
    const content = this.expand(view, data);
    return cardSize(content) <= maxCardBytes ? { contentType: 'application/vnd.microsoft.card.adaptive', content } : undefined;
  }

  attachment<V extends CardView>(view: V, data: CardViews[V]): CardAttachment {
    return { contentType: 'application/vnd.microsoft.card.adaptive', content: this.render(view, data) };
  }

  private expand(view: string, data: object): AdaptiveCard {
    const expanded = this.template(view).expand({ $root: data }) as AdaptiveCard;
    return {
      ...expanded,
      $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
      version: cardVersion,
      body: this.options.banner ? [bannerBlock(this.options.banner), ...expanded.body] : expanded.body,
    };
  }

  private template(view: string): Template {
    let template = this.templates.get(view);
    if (template === undefined) {
      if (!/^[a-z0-9-]+$/.test(view)) throw new Error(`Invalid card view name "${view}"`);
      template = new Template(JSON.parse(readFileSync(join(this.options.cardsDir, `${view}.json`), 'utf8')) as unknown);
      this.templates.set(view, template);
    }
    return template;
  }
}

function cardSize(card: AdaptiveCard): number {
  return JSON.stringify(card).length * 2;
}

function bannerBlock(text: string): object {
  return { type: 'TextBlock', text, size: 'Small', weight: 'Bolder', color: 'Attention', wrap: true, spacing: 'None' };
}

/** Teams caps a whole message at the card limit, so a long list of cards goes out in several messages. */
export function withinMessageLimit(attachments: CardAttachment[]): CardAttachment[][] {
  const batches: CardAttachment[][] = [];
  let bytes = 0;
  for (const attachment of attachments) {
    const size = JSON.stringify(attachment).length * 2;
    const last = batches.at(-1);
    if (last && bytes + size <= maxCardBytes) {
      last.push(attachment);
      bytes += size;
    } else {
      batches.push([attachment]);
      bytes = size;
    }
  }
  return batches;
}
