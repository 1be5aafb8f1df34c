import { describe, expect, it } from '@jest/globals';
import type { Article } from '../../src/knowledge/article.js';
import { articles } from '../../src/knowledge/articles/index.js';
import { KnowledgeBase } from '../../src/knowledge/knowledgeBase.js';
import { loadQaDev } from './qaDevSample.js';

const knowledgeBase = new KnowledgeBase();

/**
 * Phrasings written for this test, none taken from the dev sample or the articles: casual, terse, with typos,
 * abbreviations and extra context. Each names the article that must answer (or the acceptable ones).
 */
const paraphrases: Array<[question: string, expected: string | string[]]> = [
  ['our azure sub is a free trial, will that work for devops billing?', 'azure-free-trial'],
  ['can i use the free trial sub to buy basic users', 'azure-free-trial'],
  ['which rights on the Azure side are needed before I can hook up billing', ['billing-permissions', 'who-can-set-up-billing']],
  ['Is the Contributor role sufficient to configure billing', 'billing-permissions'],
  ["I'm only a project admin — am I able to set up the billing myself?", 'who-can-set-up-billing'],
  ['Can we bill three orgs to the same Azure sub?', 'one-subscription-many-organizations'],
  ['Could one org use two subscriptions?', 'one-subscription-many-organizations'],
  ['whats the per user price for basic access', 'basic-price'],
  ['price of a basic seat', 'basic-price'],
  ['test plans licence price per month', 'test-plans-price'],
  ['cost of basic+test plans', 'test-plans-price'],
  ['stakeholder licenses — any charge?', 'stakeholder-free'],
  ['Is there a cap on how many Stakeholders we can add?', 'stakeholder-free'],
  ['our developers all have visual studio enterprise, do we still pay for them in azure devops', 'visual-studio-subscribers-free'],
  ['Do MSDN users cost us anything in Azure DevOps?', 'visual-studio-subscribers-free'],
  ['what do we lose if we disconnect the subscription from our organization', 'remove-billing'],
  ['If I unlink the subscription what happens to my paid users?', 'remove-billing'],
  ["there's a resource group called VisualStudioOnline-ABC123 in our old sub, can it go?", 'leftover-resource-group'],
  ['does team foundation server 2015 without updates support monthly user payments?', 'server-minimum-version'],
  ['does TFS 2013 support paying users via Azure DevOps?', 'server-minimum-version'],
  ['on TFS 2018, testers paid through Azure DevOps need which access level', 'server-test-plans-access-level'],
  ['which access level on ADS 2019 for Test Manager users', 'server-test-plans-access-level'],
  ['if we buy users in the cloud org, does our on premises server see that?', 'server-does-not-sync'],
  ['Do access levels sync from the org to TFS?', 'server-does-not-sync'],
  ["we're ending monthly payments for our tfs users, what should the admin do", 'server-stop-paying'],
  ['do we get 5 free users on our on-prem server too?', 'server-free-users'],
  ["in the userentitlements api what's the value for basic", 'access-level-api-values'],
  ["what is 'advanced' in accountLicenseType", 'access-level-api-values'],
  ['can someone with stakeholder access do manual testing in test plans', 'stakeholder-test-plans'],
  ['Do Basic users get Azure Test Plans?', 'basic-test-plans'],
  ['we have 5000 people in Entra, do we pay for all of them?', 'entra-users-billing'],
  ['are we billed for the whole AAD tenant?', 'entra-users-billing'],
  ['will a group rule that grants basic start billing us right away?', 'group-rule-cost'],
  ["I assigned basic to a new hire who hasn't logged in yet, are we paying?", 'direct-assignment-cost'],
  ['if a user only has basic for half a month, what\'s charged?', 'daily-billing'],
  ['Is billing per day or per month?', 'daily-billing'],
  ['cannot see my subscription in the dropdown on the billing page', 'subscription-not-listed'],
  ["why can't I see my Azure subscription when linking billing", 'subscription-not-listed'],
  ['can the $150 MSDN credit be used for azure devops', 'visual-studio-azure-credit'],
  ['how to make a colleague a backup for billing', 'backup-billing-manager'],
  ['ways to cut our Azure DevOps bill', 'reduce-costs'],
  ['what does multi-org billing do', 'multi-org-billing'],
  ['vs professional subscribers: do they get test plans?', 'visual-studio-professional-test-plans'],
  ['testers using test professional must log in with what account', 'test-professional-sign-in'],
  ['is the on-prem server free up to five users', 'server-free-users'],
  ['free microsoft hosted pipeline minutes per month', ['parallel-jobs', 'free-tier']],
  ['how much is an extra self-hosted parallel job', 'parallel-jobs'],
  ['artifacts free storage size', 'artifacts-storage'],
  ['benefits of paying monthly for server users vs CALs', 'why-pay-server-users-monthly'],
  ['can I script linking an organization to a subscription', 'automate-billing'],
  ['move our azure devops billing to a new subscription', 'change-subscription'],
  ['subscription in another AAD tenant, can I use it?', 'subscription-other-tenant'],
  ['what happens to our org if the azure subscription gets disabled', 'subscription-inactive'],
  ['we want 10 test plans licenses under our enterprise agreement, how do we buy them', 'buy-seats'],
  ['Can I use an Azure Government subscription?', 'government-cloud'],
  ['Do Visual Studio subscribers need a CAL for TFS?', 'visual-studio-server-cal'],
  ['Is there a free trial for Test Plans?', 'test-plans-trial'],
  ['How do I make new users Stakeholder by default?', 'default-access-level'],
  ['Is Test Manager the same as Basic + Test Plans?', 'test-manager-extension'],
  ['How did billing work before 2019?', 'monthly-billing-before-2019'],
  ['How do I check if billing is set up for my organization?', 'check-billing-status'],
  ['Can I pay Azure DevOps by purchase order?', 'billing-through-azure'],
];

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

describe('KnowledgeBase', () => {
  it.each(paraphrases.map(([question, expected]) => ({ question, expected: [expected].flat() })))(
    '"$question" → $expected',
    ({ question, expected }) => {
      const result = knowledgeBase.answer(question);
      expect(result.kind === 'answer' ? result.article.id : `unsure: ${question}`).toBe(
        expected.find((id) => result.kind === 'answer' && result.article.id === id) ?? expected[0],
      );
    },
  );

  it('uses at least 25 paraphrases that are not in the dev sample', () => {
    const sample = new Set(loadQaDev().map(({ question }) => question.toLowerCase()));
    expect(paraphrases.filter(([question]) => !sample.has(question.toLowerCase())).length).toBeGreaterThanOrEqual(25);
  });

  it.each(offTopic.map((question) => ({ question })))('is unsure about "$question"', ({ question }) => {
    const result = knowledgeBase.answer(question);
    expect(result.kind === 'unsure' ? 'unsure' : `answered with ${result.article.id}`).toBe('unsure');
    if (result.kind === 'unsure') expect(result.closest).toHaveLength(3);
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
    expect(result.confidence).toBeGreaterThanOrEqual(0.5);
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
