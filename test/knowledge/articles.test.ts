import { describe, expect, it } from '@jest/globals';
import { articles } from '../../src/knowledge/articles/index.js';
import { figures } from '../../src/knowledge/articles/figures.js';
import { answerCardData } from '../../src/knowledge/cardData.js';
import { docPage, docPageName } from '../../src/knowledge/docPages.js';
import { loadQaDev } from './qaDevSample.js';

const words = (text: string) => text.split(/\s+/).filter((word) => /[A-Za-z0-9$]/.test(word));
const wordSet = (text: string) => new Set(text.toLowerCase().match(/[a-z0-9+]+/g) ?? []);

/**
 * Numbers an answer may type: product names ("TFS 2018", "Azure DevOps Server 2022"), the year billing became
 * assignment-based, and the dates of doc changes an answer cites ("as of June 2025"). Everything else must come
 * from the price list through `figures`.
 */
const productYears = ['2017', '2018', '2019', '2020', '2022', '2025'];
const pageDates = Object.values(docPage).flatMap((page): string[] => ('updated' in page ? [page.updated] : []));
const allowedNumbers = new Set([
  ...productYears,
  ...Object.values(figures).flatMap((value) => value.match(/\d+/g) ?? []),
  ...pageDates.flatMap((date) => date.match(/\d+/g) ?? []),
]);

/**
 * Answers whose facts changed over time according to the docs, with what changed. Each must say as of when, from
 * the date of the page version it relies on; prices are dated by the card footnote instead.
 */
const datedFacts: Array<[id: string, change: string]> = [
  ['hosted-parallelism-grant', 'the free Microsoft-hosted grant for private projects must be requested (since 2021)'],
  ['parallel-jobs', 'the free Microsoft-hosted grant for private projects must be requested (since 2021)'],
  ['free-tier', 'the free Microsoft-hosted grant for private projects must be requested (since 2021)'],
  ['server-test-plans-access-level', '"Basic + Test Plans" on Azure DevOps Server 2019 and later, "Advanced" before'],
  ['multi-org-billing', 'paying once per user across organizations is an option added later'],
  ['advanced-security-billing', 'Advanced Security was split into Secret Protection and Code Security in 2025'],
  ['github-enterprise-users', 'GitHub Enterprise licences are detected, unlike in older pages'],
  ['subscription-not-listed', 'only older pages state a picker limit'],
  ['too-many-subscriptions', 'only older pages state a picker limit'],
];
const monthYear = /^(January|February|March|April|May|June|July|August|September|October|November|December) 20\d\d$/;

describe('articles', () => {
  it('has at least 35 articles with unique ids and unique question titles', () => {
    expect(articles.length).toBeGreaterThanOrEqual(35);
    expect(new Set(articles.map((a) => a.id)).size).toBe(articles.length);
    expect(new Set(articles.map((a) => a.title.toLowerCase())).size).toBe(articles.length);
  });

  it.each(articles.map((article) => ({ id: article.id, article })))('$id is well formed', ({ article }) => {
    expect(words(article.answer).length).toBeLessThanOrEqual(120);
    expect(article.title).toMatch(/\?$/);
    expect(article.alternatives.length).toBeGreaterThan(0);
    expect(article.sources.length).toBeGreaterThanOrEqual(1);
    expect(article.sources.length).toBeLessThanOrEqual(2);
    for (const url of article.sources) {
      expect(url.startsWith('https://learn.microsoft.com/azure/devops/')).toBe(true);
      expect(url.startsWith('https://learn.microsoft.com/')).toBe(true);
      expect(docPageName(url)).toBeDefined();
    }
    for (const id of article.related ?? []) {
      expect(id).not.toBe(article.id);
      expect(articles.some((other) => other.id === id)).toBe(true);
    }
  });

  it('types no figure: every number in an answer comes from the price list (code spans aside)', () => {
    const typed = articles.flatMap((article) => {
      const prose = article.answer.replace(/`[^`]*`/g, '').replace(/^\d+\.\s/gm, '');
      return (prose.match(/\d+/g) ?? []).filter((n) => !allowedNumbers.has(n)).map((n) => `${article.id}: ${n}`);
    });
    expect(typed).toEqual([]);
  });

  it('flags exactly the answers that quote prices, so their cards carry the estimate footnote', () => {
    const quoting = articles.filter((a) => /\$\d/.test(a.answer) || a.answer.includes(figures.priceListDate));
    expect(articles.filter((a) => a.quotesPrices).map((a) => a.id).sort()).toEqual(quoting.map((a) => a.id).sort());
  });

  it.each(datedFacts)('%s says as of when its facts held: %s', (id) => {
    const article = articles.find((candidate) => candidate.id === id);
    expect(article?.asOf).toMatch(monthYear);
    expect(article?.answer.toLowerCase()).toContain(`as of ${article?.asOf?.toLowerCase()}`);
  });

  it('states the date of every answer that carries one, and every date is a page date', () => {
    const dated = articles.filter((article) => article.asOf !== undefined);
    expect(dated.filter((article) => !article.answer.toLowerCase().includes(`as of ${article.asOf?.toLowerCase()}`))).toEqual([]);
    expect(dated.map((article) => article.asOf).filter((date) => !monthYear.test(date ?? ''))).toEqual([]);
  });

  it('dates every answer that quotes prices through the price-list footnote', () => {
    const undated = articles
      .filter((article) => article.quotesPrices)
      .filter((article) => {
        const card = answerCardData({ kind: 'answer', article, score: 1, confidence: 1, related: [] });
        return !card.priceNote.includes(figures.priceListDate);
      });
    expect(undated).toEqual([]);
  });

  it('never names Azure DevOps Server 2019 as the only release with Basic + Test Plans (later releases have it too)', () => {
    const onlyTwentyNineteen = articles.filter((article) =>
      /Azure DevOps\s+Server 2019(?! and (every )?later|, 2020)/.test(article.answer),
    );
    expect(onlyTwentyNineteen.map((article) => article.id)).toEqual([]);
  });

  it('does not copy the dev sample questions into titles or alternatives', () => {
    const sample = loadQaDev().map(({ question }) => wordSet(question));
    const copies = articles.flatMap((article) =>
      [article.title, ...article.alternatives].filter((phrasing) => {
        const mine = wordSet(phrasing);
        return sample.some((theirs) => {
          const shared = [...mine].filter((word) => theirs.has(word)).length;
          return shared / new Set([...mine, ...theirs]).size >= 0.75;
        });
      }),
    );
    expect(copies).toEqual([]);
  });

  const answerOf = (id: string): string => articles.find((article) => article.id === id)?.answer ?? `no article ${id}`;

  it.each<[string, string, RegExp]>([
    ['MPN is not stated as "all work": the spending limit decides', 'supported-subscription-types', /Partner network \(MPN\) and Sponsorship subscriptions are not named/],
    ['the free hosted job must be requested in new organizations', 'parallel-jobs', /new organization must first request that free grant/],
    ['the free tier names the request too', 'free-tier', /new organizations must request it first/],
    ['the trial is started by a PCA under Billing and only assigned people get Test Plans', 'test-plans-trial', /under \*\*Organization settings > Billing\*\*.*everyone else keeps their own level/s],
    ['Basic + Test Plans on every server release since 2019, the year-less current one included', 'server-test-plans-access-level', /2019, 2020, 2022 and the current release/],
    ['the picker limit is dated, not current fact', 'too-many-subscriptions', /as of August 2020/],
    ['changing billing needs no role on the old subscription', 'change-subscription', /none on the old one/],
    ['multi-organization billing names its exceptions', 'multi-org-billing', /billed twice.*service principals are billed in every organization/s],
    ['Advanced Security is also sold as Secret Protection and Code Security, each per active committer', 'advanced-security-billing', /GitHub Secret Protection.*GitHub Code Security.*once per subscription\*\* for each product/s],
  ])('%s', (_name, id, expected) => {
    expect(answerOf(id)).toMatch(expected);
  });
});
