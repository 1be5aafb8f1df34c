import { describe, expect, it } from '@jest/globals';
import { articles } from '../../src/knowledge/articles/index.js';
import { KnowledgeBase } from '../../src/knowledge/knowledgeBase.js';
import { loadQaDev, missingFacts } from './qaDevSample.js';
import { samplePhrasings } from './samplePhrasings.js';

describe('the qa-dev sample, judged by its own matching rule', () => {
  const knowledgeBase = new KnowledgeBase();
  const questions = loadQaDev();

  it('answers at least 90% of the sample right', () => {
    const misses = questions.flatMap(({ question, mustContain }) => {
      const result = knowledgeBase.answer(question);
      if (result.kind === 'unsure') return [`${question} → unsure (closest: ${result.closest.map((a) => a.id).join(', ')})`];
      if (result.kind === 'outside') return [`${question} → outside`];
      const missing = missingFacts(question, result.article.answer, mustContain);
      return missing.length === 0 ? [] : [`${question} → ${result.article.id}, missing ${JSON.stringify(missing)}`];
    });
    // Up to 10% may miss; past that, the failure lists every miss.
    const allowedMisses = Math.floor(questions.length * 0.1);
    expect(misses.length <= allowedMisses ? [] : misses).toEqual([]);
  });

  it('has a sample to judge against', () => {
    expect(questions.length).toBeGreaterThanOrEqual(30);
  });

  it('keeps the sample facts for other phrasings of the same questions (at least 90% right)', () => {
    const known = [...questions.map((q) => q.question), ...articles.flatMap((a) => [a.title, ...a.alternatives])];
    const copied = new Set(known.map((text) => text.toLowerCase()));
    const all = samplePhrasings.flatMap(([, phrasings]) => phrasings);
    expect(all.filter((phrasing) => copied.has(phrasing.toLowerCase()))).toEqual([]);
    expect(all.length).toBeGreaterThanOrEqual(questions.length * 2);

    const misses = samplePhrasings.flatMap(([sampleQuestion, phrasings]) => {
      const facts = questions.find((q) => q.question === sampleQuestion)?.mustContain;
      if (!facts) return [`"${sampleQuestion}" is no longer in the sample`];
      return phrasings.flatMap((phrasing) => {
        const result = knowledgeBase.answer(phrasing);
        if (result.kind !== 'answer') return [`${phrasing} → ${result.kind}`];
        const missing = missingFacts(phrasing, result.article.answer, facts);
        return missing.length === 0 ? [] : [`${phrasing} → ${result.article.id}, missing ${JSON.stringify(missing)}`];
      });
    });
    expect(misses.length <= Math.floor(all.length * 0.1) ? [] : misses).toEqual([]);
  });
});
