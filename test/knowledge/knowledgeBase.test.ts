import { describe, expect, it } from '@jest/globals';
import type { Article } from '../../src/knowledge/article.js';
import { articles } from '../../src/knowledge/articles/index.js';
import { defaultMinConfidence, KnowledgeBase } from '../../src/knowledge/knowledgeBase.js';
import { adminPhrasings } from './adminPhrasings.js';
import { paraphrases } from './paraphrases.js';
import { loadQaDev } from './qaDevSample.js';

const knowledgeBase = new KnowledgeBase();

/** Off-topic, empty or meaningless; none may be answered. */
const offTopic = [
  "what's the weather in Paris",
  'order pizza',
  'order a pizza for the team',
  'tell me a joke',
  'what time is it',
  'who won the world cup',
  'how do I cook pasta',
  'book a flight to london',
  'asdfgh qwerty zxcvb',
  'lorem ipsum dolor sit amet',
  'Can you recommend a good movie?',
  "What's the price of bitcoin?",
  'how much does a car cost',
  'how do I reset my password',
  'azure',
  'billing',
  '',
  '???',
];

/** Questions about something else entirely; the answer is "outside what I know", with what the bot can do. */
const outsideProbes = [
  "what's the weather in Paris",
  'how do I reset my password',
  'tell me a joke',
  'can you book a meeting room for tomorrow',
  'translate hello into French',
];

describe('KnowledgeBase', () => {
  it('keeps an answer per question text: the same frozen result, which no asker can change for the next', () => {
    const kept = new KnowledgeBase();
    const first = kept.answer('How much does a Basic user cost?');
    expect(first.kind).toBe('answer');
    expect(kept.answer('How much does a Basic user cost?')).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    if (first.kind !== 'answer') return;
    expect(() => (first.related as Article[]).push(first.article)).toThrow(TypeError);
    const unsure = kept.answer('billing');
    expect(unsure.kind).toBe('unsure');
    if (unsure.kind === 'unsure') expect(Object.isFrozen(unsure.closest)).toBe(true);
  });

  it('answers a question asked again, after more other questions than it keeps, as a fresh knowledge base does', () => {
    const kept = new KnowledgeBase();
    const question = 'Do stakeholders cost anything?';
    const first = kept.answer(question);
    for (let i = 0; i < 1_100; i++) kept.answer(`question number ${i} about basic seats`);
    const again = kept.answer(question);
    expect(again).not.toBe(first);
    expect(again).toEqual(new KnowledgeBase().answer(question));
  });

  it.each([...paraphrases, ...adminPhrasings].map(([question, expected]) => ({ question, expected: [expected].flat() })))(
    '"$question" → $expected',
    ({ question, expected }) => {
      const result = knowledgeBase.answer(question);
      expect(result.kind === 'answer' ? result.article.id : `unsure: ${question}`).toBe(
        expected.find((id) => result.kind === 'answer' && result.article.id === id) ?? expected[0],
      );
    },
  );

  it("tells another product's licence apart even when the question was pasted with a line break in its name", () => {
    expect(knowledgeBase.answer('How much does a Microsoft 365 E3 licence cost?').kind).toBe('outside');
    expect(knowledgeBase.answer('How much does a Microsoft\n365 E3 licence cost?').kind).toBe('outside');
  });

  it('uses at least 25 paraphrases, none copied from the dev sample or from an article', () => {
    const known = new Set(
      [...loadQaDev().map(({ question }) => question), ...articles.flatMap((a) => [a.title, ...a.alternatives])].map((q) =>
        q.toLowerCase(),
      ),
    );
    expect([...paraphrases, ...adminPhrasings].filter(([question]) => known.has(question.toLowerCase()))).toEqual([]);
    expect(paraphrases.length).toBeGreaterThanOrEqual(25);
  });

  it.each(offTopic.map((question) => ({ question })))('does not answer "$question"', ({ question }) => {
    const result = knowledgeBase.answer(question);
    expect(result.kind === 'answer' ? `answered with ${result.article.id}` : 'not answered').toBe('not answered');
    if (result.kind === 'unsure') expect(result.closest).toHaveLength(3);
  });

  it.each(outsideProbes.map((question) => ({ question })))(
    'says "$question" is outside what it knows instead of offering the nearest articles',
    ({ question }) => {
      expect(knowledgeBase.answer(question)).toMatchObject({ kind: 'outside' });
    },
  );

  it.each(['azure', 'billing', 'stakeholder weather forecast for Paris tomorrow'])(
    'keeps "%s" on topic: vague, so unsure with the nearest articles, not outside',
    (question) => {
      expect(knowledgeBase.answer(question).kind).toBe('unsure');
    },
  );

  it.each([
    ['are the first five basic users free', 'basic-price', 'are the first five basic users free on our TFS', 'server-free-users'],
    ['can we pay for users monthly', 'basic-price', 'can we pay for users monthly on azure devops server', 'server-users-through-services'],
    ["what's free for a small team", 'free-tier', "what's free for a small team on our on-prem server", 'server-free-users'],
  ])('answers "%s" for the organization (%s), and about the server once the server is named', (services, servicesId, server, serverId) => {
    expect(knowledgeBase.answer(services)).toMatchObject({ kind: 'answer', article: { id: servicesId } });
    expect(knowledgeBase.answer(server)).toMatchObject({ kind: 'answer', article: { id: serverId } });
  });

  it('still answers with a server article when no organization article fits a question that does not name the server', () => {
    expect(knowledgeBase.answer('oldest version that can pay for users through an organization')).toMatchObject({
      kind: 'answer',
      article: { id: 'server-minimum-version', product: 'server' },
    });
  });

  it('finds every article by its own title, so related-question buttons land where they point', () => {
    const lost = articles.flatMap((article) => {
      const result = knowledgeBase.answer(article.title);
      return result.kind === 'answer' && result.article.id === article.id ? [] : [article.id];
    });
    expect(lost).toEqual([]);
  });

  it('answers only with article text, and adds at most two related articles', () => {
    const result = knowledgeBase.answer('Are stakeholders charged anything?');
    expect(result.kind).toBe('answer');
    if (result.kind !== 'answer') return;
    expect(articles).toContain(result.article);
    expect(result.related.length).toBeLessThanOrEqual(2);
    expect(result.related.map((a) => a.id)).toEqual(result.article.related?.slice(0, 2));
    expect(result.confidence).toBeGreaterThanOrEqual(defaultMinConfidence);
    expect(result.confidence).toBeLessThanOrEqual(1);
  });

  it('offers the nearest articles when unsure, best first', () => {
    const result = knowledgeBase.answer('stakeholder weather forecast for Paris tomorrow');
    expect(result).toMatchObject({ kind: 'unsure' });
    if (result.kind === 'unsure') expect(result.closest[0]?.id).toMatch(/^stakeholder/);
  });

  it('works on any article set, and a stricter threshold turns weak matches into "unsure"', () => {
    const only: Article[] = [
      { id: 'a', title: 'Is Stakeholder access free?', alternatives: ['stakeholder price'], answer: 'Yes.', sources: [] },
      { id: 'b', title: 'How much is Basic?', alternatives: ['basic price'], answer: 'Some.', sources: [] },
    ];
    expect(new KnowledgeBase(only).answer('stakeholders free?')).toMatchObject({ kind: 'answer', article: { id: 'a' } });
    expect(new KnowledgeBase(only, { minConfidence: 1.01 }).answer('stakeholders free?')).toMatchObject({ kind: 'unsure' });
  });

  it('reads only the first 500 characters, so a pasted essay costs no more than a question', () => {
    const result = knowledgeBase.answer(`Are stakeholders free?${' '.repeat(600)}pizza weather paris`);
    expect(result).toMatchObject({ kind: 'answer', article: { id: 'stakeholder-free' } });
  });
});
