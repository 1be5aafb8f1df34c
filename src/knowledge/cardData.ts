import { prices } from '../rules/prices.js';
import type { Article } from './article.js';
import { docPageName } from './docPages.js';
import type { AnswerResult, UnsureResult } from './knowledgeBase.js';

/** A button that sends `command` back as if the user had typed it. */
export interface CommandButton {
  title: string;
  command: string;
}

/** Bound by `cards/licensing-answer.json`. */
export interface LicensingAnswerCardData {
  title: string;
  answer: string;
  sources: Array<{ title: string; url: string }>;
  related: CommandButton[];
  hasRelated: boolean;
  priceNote: string;
  hasPriceNote: boolean;
}

/** Bound by `cards/licensing-unsure.json`. */
export interface LicensingUnsureCardData {
  closest: CommandButton[];
  hasClosest: boolean;
}

export function answerCardData(result: AnswerResult): LicensingAnswerCardData {
  const { article } = result;
  const related = result.related.map(questionButton);
  const priceNote = article.quotesPrices
    ? `Estimates use list prices as of ${prices.asOf} (${prices.currency}); EA and CSP prices may differ.`
    : '';
  return {
    title: article.title,
    answer: article.answer,
    sources: article.sources.map((url) => {
      const page = docPageName(url);
      return { title: page ? `Source: ${page}` : 'Source', url };
    }),
    related,
    hasRelated: related.length > 0,
    priceNote,
    hasPriceNote: priceNote !== '',
  };
}

export function unsureCardData(result: UnsureResult): LicensingUnsureCardData {
  const closest = result.closest.map(questionButton);
  return { closest, hasClosest: closest.length > 0 };
}

/** The title is the question the article answers, so sending it back lands on the same article. */
function questionButton(article: Article): CommandButton {
  return { title: article.title, command: article.title };
}

/**
 * For a question outside Azure DevOps licensing and billing: say so plainly and list what the bot does, instead of
 * presenting the nearest article as if it answered.
 */
export function outsideMessage(): string {
  return (
    "That's outside what I know: I only answer questions about Azure DevOps licensing and billing. " +
    'I can explain access levels and prices, which subscriptions can pay, and who may set up billing, and I ' +
    'can **set up billing**, **change billing subscription**, **remove billing** or show **billing status**. ' +
    'Type **help** to see everything.'
  );
}
