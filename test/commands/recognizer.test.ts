import { describe, expect, it } from '@jest/globals';
import { triggersOf } from '../../src/capabilities/assemble.js';
import { capabilityModules } from '../../src/capabilities/index.js';
import type { IntentEntities } from '../../src/commands/entities.js';
import { createRecognizer } from '../../src/commands/recognizer.js';
import { articles } from '../../src/knowledge/articles/index.js';
import { paraphrases } from '../knowledge/paraphrases.js';
import { loadQaDev } from '../knowledge/qaDevSample.js';
import { samplePhrasings } from '../knowledge/samplePhrasings.js';

type IntentName =
  | 'help' | 'setUpBilling' | 'changeBilling' | 'removeBilling' | 'billingStatus' | 'requestSeats'
  | 'grantTestManager' | 'costSweep' | 'restoreDowngrade' | 'cancel' | 'greeting' | 'question' | 'unknown';
type Case = [text: string, intent: IntentName, entities?: IntentEntities];

/** The recognizer the app builds: the built-in intents plus every capability's phrasings. */
const recognizeIntent = createRecognizer(triggersOf(capabilityModules));

const cases: Case[] = [
  // help
  ['help', 'help'],
  ['please help', 'help'],
  ['who are you?', 'help'],
  ['Help!', 'help'],
  ['what can you do', 'help'],
  ['What can you do for me?', 'help'],
  ['?', 'help'],
  ['show me the commands', 'help'],
  ['hi, what can you help with?', 'help'],
  // greeting
  ['hi', 'greeting'],
  ['Hello there!', 'greeting'],
  ['good morning', 'greeting'],
  ['hey bot', 'greeting'],
  ['thanks!', 'greeting'],
  // cancel
  ['cancel', 'cancel'],
  ['Never mind', 'cancel'],
  ['stop', 'cancel'],
  ['forget it', 'cancel'],
  ['please cancel that', 'cancel'],
  // setUpBilling
  ['set up billing', 'setUpBilling', {}],
  ['set up billing for fabrikam', 'setUpBilling', { organization: 'fabrikam' }],
  ['Set up billing for org contoso-dev', 'setUpBilling', { organization: 'contoso-dev' }],
  ['link a subscription', 'setUpBilling'],
  ['Link an Azure subscription to fabrikam', 'setUpBilling', { organization: 'fabrikam' }],
  ['link fabrikam to a subscription', 'setUpBilling', { organization: 'fabrikam' }],
  ['please configure billing in fabrikam', 'setUpBilling', { organization: 'fabrikam' }],
  ['I want to connect my organization to an Azure subscription', 'setUpBilling', {}],
  ['can you set up billing for https://dev.azure.com/northwind please?', 'setUpBilling', { organization: 'northwind' }],
  ['hey, set up billing for tailspin', 'setUpBilling', { organization: 'tailspin' }],
  ['setup billing?', 'setUpBilling'],
  // changeBilling
  ['change billing', 'changeBilling'],
  ['change the billing subscription for contoso', 'changeBilling', { organization: 'contoso' }],
  ['switch fabrikam to another subscription', 'changeBilling', { organization: 'fabrikam' }],
  ['Could you move billing of org contoso-dev to a different sub?', 'changeBilling', { organization: 'contoso-dev' }],
  // removeBilling
  ['please remove billing', 'removeBilling'],
  ['remove billing from fabrikam', 'removeBilling'],
  ['unlink the subscription of org contoso-dev', 'removeBilling', { organization: 'contoso-dev' }],
  ['cancel billing for fabrikam', 'removeBilling', { organization: 'fabrikam' }],
  ['disconnect the Azure subscription', 'removeBilling'],
  // billingStatus
  ['billing status', 'billingStatus'],
  ['cost sweep', 'costSweep'],
  ['cost sweep for contoso-web inactive 60 days', 'costSweep'],
  ['please run a cost sweep', 'costSweep'],
  ['reduce our Azure DevOps bill', 'costSweep'],
  ['Who is inactive?', 'costSweep'],
  ['find inactive users', 'costSweep'],
  ['how do I reduce our Azure DevOps bill?', 'question'],
  ['How do I reduce costs for inactive users?', 'question'],
  ['restore request 12', 'restoreDowngrade'],
  ['show billing', 'billingStatus'],
  ['Show me the billing status for fabrikam', 'billingStatus', { organization: 'fabrikam' }],
  ['check billing in contoso-dev', 'billingStatus', { organization: 'contoso-dev' }],
  ['is billing set up for fabrikam?', 'billingStatus', { organization: 'fabrikam' }],
  ["what's my billing status?", 'billingStatus'],
  ['Which subscription pays for our organization?', 'billingStatus'],
  // requestSeats
  ['request seats', 'requestSeats', {}],
  ['request Basic for ann@contoso.com', 'requestSeats', { email: 'ann@contoso.com', emails: ['ann@contoso.com'], level: 'Basic' }],
  [
    'I need Basic + Test Plans for ann@contoso.com',
    'requestSeats',
    { email: 'ann@contoso.com', emails: ['ann@contoso.com'], level: 'Basic + Test Plans' },
  ],
  ['request 5 Basic seats for fabrikam', 'requestSeats', { level: 'Basic', count: 5, organization: 'fabrikam' }],
  ['we need five basic users in contoso-dev', 'requestSeats', { level: 'basic', count: 5, organization: 'contoso-dev' }],
  ['give ann@contoso.com and bob@contoso.com Basic access', 'requestSeats', {
    email: 'ann@contoso.com', emails: ['ann@contoso.com', 'bob@contoso.com'], level: 'Basic',
  }],
  ['Can I get basic+test plans for carol@fabrikam.com?', 'requestSeats', {
    email: 'carol@fabrikam.com', emails: ['carol@fabrikam.com'], level: 'basic+test plans',
  }],
  ['assign Stakeholder to dave@contoso.com in fabrikam', 'requestSeats', {
    email: 'dave@contoso.com', emails: ['dave@contoso.com'], level: 'Stakeholder', organization: 'fabrikam',
  }],
  // grantTestManager
  ['grant test manager', 'grantTestManager', { level: 'test manager' }],
  ['grant test manager to bob@contoso.com', 'grantTestManager', {
    email: 'bob@contoso.com', emails: ['bob@contoso.com'], level: 'test manager',
  }],
  ['Please give Test Manager to eve@contoso.com on fabrikam', 'grantTestManager', {
    email: 'eve@contoso.com', emails: ['eve@contoso.com'], level: 'Test Manager', organization: 'fabrikam',
  }],
  ['could you assign test manager to 3 testers?', 'grantTestManager', { level: 'test manager', count: 3 }],
  ['test manager for bob@contoso.com', 'grantTestManager', {
    email: 'bob@contoso.com', emails: ['bob@contoso.com'], level: 'test manager',
  }],
  // question: the same subjects as the actions, asked rather than requested
  ['how do I set up billing?', 'question'],
  ['can I link a subscription from another tenant?', 'question'],
  ['what happens if I remove billing?', 'question'],
  ['Why can’t I change the billing subscription?', 'question'],
  ['Is the Azure free trial supported?', 'question'],
  ['how much does basic cost', 'question'],
  ['Can I get Test Plans for free as a stakeholder?', 'question'],
  ['Do I need to request seats for Visual Studio subscribers?', 'question'],
  ['tell me about multi-org billing', 'question'],
  ['stakeholder pricing', 'question'],
  ['TFS licensing', 'question'],
  ['Is billing set up automatically when I create an organization?', 'question'],
  ['What can I ask about licensing?', 'question'],
  ['what is the weather in Paris?', 'question'],
  // naming a level or Test Manager first is not a request unless it names who, how many, or was asked for
  ['Basic access price?', 'question'],
  ['stakeholder licenses — any charge?', 'question'],
  ['Test Manager users on TFS 2018: which access level?', 'question'],
  ['we want 10 test plans licenses under our enterprise agreement, how do we buy them', 'question'],
  ['accountLicenseType advanced meaning', 'question'],
  // unknown
  ['', 'unknown'],
  ['   ', 'unknown'],
  ['asdfgh qwerty', 'unknown'],
  ['!!!', 'unknown'],
  ['order pizza', 'unknown'],
  ['lorem ipsum dolor', 'unknown'],
];

describe('the recognizer built from the capability list', () => {
  // Objects, not tuples: with a two-element tuple jest would pass its `done` callback as `entities`.
  it.each(cases.map(([text, intent, entities]) => ({ text, intent, entities })))('$text → $intent', ({ text, intent, entities }) => {
    const recognized = recognizeIntent(text);
    expect(recognized.intent).toBe(intent);
    if (entities) expect(recognized.entities).toEqual(entities);
  });

  it('covers every intent in the table', () => {
    const all: IntentName[] = [
      'help', 'setUpBilling', 'changeBilling', 'removeBilling', 'billingStatus', 'requestSeats',
      'grantTestManager', 'costSweep', 'restoreDowngrade', 'cancel', 'greeting', 'question', 'unknown',
    ];
    expect(new Set(cases.map(([, intent]) => intent))).toEqual(new Set(all));
    expect(cases.length).toBeGreaterThanOrEqual(50);
  });

  it('routes the licensing questions of the knowledge tests to the knowledge base', () => {
    const questions = [
      ...loadQaDev().map(({ question }) => question),
      ...samplePhrasings.flatMap(([, phrasings]) => phrasings),
      ...paraphrases.map(([question]) => question),
    ];
    // Imperatives among the paraphrases: the guided flow is the better answer to these.
    const actions = new Set(['move our azure devops billing to a new subscription']);
    const misrouted = questions
      .filter((question) => !actions.has(question))
      .map((question) => ({ question, intent: recognizeIntent(question).intent }))
      .filter(({ intent }) => intent !== 'question');
    expect(misrouted).toEqual([]);
    for (const action of actions) expect(recognizeIntent(action).intent).toBe('changeBilling');
  });

  it('routes every article title to the knowledge base, so related-question buttons come back as questions', () => {
    const misrouted = articles
      .map((article) => ({ title: article.title, intent: recognizeIntent(article.title).intent }))
      .filter(({ intent }) => intent !== 'question');
    expect(misrouted).toEqual([]);
  });

  it('routes the card buttons of the guided flows to their actions', () => {
    expect(recognizeIntent('set up billing').intent).toBe('setUpBilling');
    expect(recognizeIntent('help').intent).toBe('help');
  });
});

describe('pasted walls of text', () => {
  // Not a timing assertion: the work is bounded by the input cap, so a regression shows as a hang, not a slow run.
  it.each([
    ['address characters', 'a.'.repeat(50_000) + '@'],
    ['at signs', 'x@'.repeat(20_000)],
  ])('recognizes a 100,000-character run of %s without trouble', (_kind, text) => {
    expect(recognizeIntent(text).intent).toBeDefined();
  });
});
