import { describe, expect, it } from '@jest/globals';
import { articles } from '../../src/knowledge/articles/index.js';
import { KnowledgeBase } from '../../src/knowledge/knowledgeBase.js';
import { adminPhrasings } from './adminPhrasings.js';
import { type FreshPhrasing, heldOutPhrasings, reviewPhrasings, secondHeldOutPhrasings, tuningPhrasings } from './freshPhrasings.js';
import { paraphrases } from './paraphrases.js';
import { loadQaDev, missingFacts } from './qaDevSample.js';
import { samplePhrasings } from './samplePhrasings.js';

const knowledgeBase = new KnowledgeBase();

/** What is wrong with the answer to one phrasing, or `undefined` when it is the right article with every fact. */
function miss({ question, expected, mustContain }: FreshPhrasing): string | undefined {
  const result = knowledgeBase.answer(question);
  if (result.kind !== 'answer') return `${question} → ${result.kind}`;
  const acceptable = [expected].flat();
  if (!acceptable.includes(result.article.id)) return `${question} → ${result.article.id}, expected ${acceptable.join(' or ')}`;
  const missing = missingFacts(question, result.article.answer, mustContain);
  return missing.length === 0 ? undefined : `${question} → ${result.article.id}, missing ${JSON.stringify(missing)}`;
}

const fresh = [...tuningPhrasings, ...heldOutPhrasings, ...secondHeldOutPhrasings, ...reviewPhrasings];

describe('fresh admin phrasings', () => {
  it('asks about every article, in words of its own', () => {
    const asked = new Set(fresh.flatMap(({ expected }) => [expected].flat()));
    expect(articles.map((article) => article.id).filter((id) => !asked.has(id))).toEqual([]);

    const known = new Set(
      [
        ...loadQaDev().map(({ question }) => question),
        ...articles.flatMap((article) => [article.title, ...article.alternatives]),
        ...[...paraphrases, ...adminPhrasings].map(([question]) => question),
        ...samplePhrasings.flatMap(([, phrasings]) => phrasings),
      ].map((text) => text.toLowerCase()),
    );
    expect(fresh.filter(({ question }) => known.has(question.toLowerCase()))).toEqual([]);
  });

  it.each(fresh)('"$question" → $expected with its facts', (phrasing) => {
    expect(miss(phrasing)).toBeUndefined();
  });
});
