import { describe, expect, it } from '@jest/globals';
import MiniSearch from 'minisearch';
import { articles } from '../../src/knowledge/articles/index.js';
import {
  KnowledgeBase,
  rankedTexts,
  searchIndexOptions,
  type IndexedText,
  type TermHit,
} from '../../src/knowledge/knowledgeBase.js';
import { tokenize } from '../../src/knowledge/text.js';
import { adminPhrasings } from './adminPhrasings.js';
import { heldOutPhrasings, reviewPhrasings, secondHeldOutPhrasings, tuningPhrasings } from './freshPhrasings.js';
import { paraphrases } from './paraphrases.js';
import { loadQaDev } from './qaDevSample.js';
import { samplePhrasings } from './samplePhrasings.js';

/** Every question the knowledge tests ask, plus the articles' own wordings and some with repeated words. */
const questions = [
  ...paraphrases.map(([question]) => question),
  ...adminPhrasings.map(([question]) => question),
  ...[...tuningPhrasings, ...heldOutPhrasings, ...secondHeldOutPhrasings, ...reviewPhrasings].map(({ question }) => question),
  ...samplePhrasings.flatMap(([sample, phrasings]) => [sample, ...phrasings]),
  ...loadQaDev().map(({ question }) => question),
  ...articles.flatMap((article) => [article.title, ...article.alternatives]),
  'billing billing billing',
  'basic basic user users cost cost',
  "what's the weather in Paris",
  '',
];

describe('ranking from per-term results', () => {
  const search = MiniSearch.loadJS<IndexedText>(new KnowledgeBase().exportIndex().search, searchIndexOptions);
  const hitsOf = (_term: string, token: string): TermHit[] =>
    search.search(token, { tokenize: () => [token] }).map((hit) => ({
      id: hit.id as string,
      articleId: hit.articleId as string,
      score: hit.score,
      terms: hit.terms,
    }));

  it(`ranks each of ${questions.length} questions exactly as minisearch's own OR search of the whole question`, () => {
    const differing = questions.filter((question) => {
      const tokens = tokenize(question);
      const own = search.search(tokens.join(' '), { tokenize: () => [...tokens] });
      const combined = rankedTexts(tokens, hitsOf);
      return (
        own.length !== combined.length ||
        own.some((hit, i) => {
          const text = combined[i];
          return (
            text === undefined ||
            text.id !== hit.id ||
            text.score !== hit.score ||
            [...text.queryTerms].sort().join() !== [...hit.queryTerms].sort().join() ||
            [...text.terms].sort().join() !== [...hit.terms].sort().join()
          );
        })
      );
    });
    expect(questions.length).toBeGreaterThan(900);
    expect(differing).toEqual([]);
  });
});
