import { describe, expect, it } from '@jest/globals';
import { articles } from '../../src/knowledge/articles/index.js';
import { defaultMinConfidence, KnowledgeBase } from '../../src/knowledge/knowledgeBase.js';
import { adminPhrasings } from './adminPhrasings.js';
import { heldOutPhrasings, reviewPhrasings, secondHeldOutPhrasings, tuningPhrasings } from './freshPhrasings.js';
import { paraphrases } from './paraphrases.js';
import { loadQaDev } from './qaDevSample.js';
import { samplePhrasings } from './samplePhrasings.js';

/** Other subjects, some with a money word ("how much does a car cost"). */
const otherSubjects = [
  "what's the weather in Paris",
  'how do I reset my password',
  'tell me a joke',
  'order a pizza for the team',
  'who won the world cup',
  'book a flight to london',
  'Can you recommend a good movie?',
  "What's the price of bitcoin?",
  'how much does a car cost',
  'how do I pay my taxes?',
  // Held out while the weights were tuned, checked once at the end.
  "what's the capital of Australia",
  'write a haiku about clouds',
  'what is the best programming language',
  'how to enable two-factor authentication for my account',
];

/**
 * Azure DevOps how-to questions: they share words with the articles ("pipeline", "repo", "group", "Visual
 * Studio", "self-hosted") but are not about licensing or billing.
 */
const azureDevOpsHowTo = [
  'how do I create a repo in azure devops?',
  'delete a repository in azure devops',
  'how do I import a repo from GitHub',
  'how do I clone a git repository',
  'how to configure SSH keys for azure repos',
  'how do I write a YAML pipeline',
  'set up a build pipeline',
  'how to trigger a pipeline on a tag',
  'how to add a variable group to a pipeline',
  'how to use a self-hosted agent pool in yaml',
  'add a wiki page to my project',
  'configure branch policies on main',
  'how to configure a pull request reviewer policy',
  'install an extension from the marketplace',
  'how do I create a work item',
  'how to restore a deleted work item',
  'how to create a new sprint in boards',
  'how do I add a member to a team in boards',
  'how do I create a dashboard',
  'how to create a query for open bugs',
  'how do I rename a project in Azure DevOps',
  'change the process template of a project',
  'how to add a service connection to Azure',
  'how to connect Visual Studio to a repo',
  "how do I reset a user's personal access token",
  // Held out while the weights were tuned, checked once at the end.
  'how do I create a new project in azure devops',
  'how to link a work item to a commit',
  'set up a CI pipeline for a node app',
  'configure a service hook to Slack',
  'how do I give someone access to a repo',
  'how do I move a work item to another project',
  'schedule a pipeline to run nightly',
  'how do I change my profile picture in azure devops',
  'restore a deleted branch in azure repos',
  'how to publish test results in a pipeline',
  'create a release pipeline for Azure App Service',
  'how do I set up a git hook',
  'how to set a retention policy for pipeline runs',
  'how to upgrade our azure devops server to the latest version',
];

const offTopicProbes = [...otherSubjects, ...azureDevOpsHowTo];

/**
 * Other products' licences. Their words ("licence", "per user", "cost", "seats") are licensing words, so confidence
 * alone cannot refuse them (Microsoft 365 E3 scored 0.56 and got the Basic price): naming another product and
 * nothing of Azure DevOps does. Found by an adversarial review with questions the tests did not know.
 */
const otherProductsLicences = [
  'How much does a Microsoft 365 E3 license cost per user?',
  'What does an Office 365 licence cost?',
  'How much do GitHub Copilot seats cost?',
  'How much does a Teams Premium license cost per user?',
  'Entra ID P2 license price per user',
  'how much does Jira cost per user',
  'power bi pro licence per user price',
  'do we need a windows server licence per core',
  'copilot business vs enterprise seats billing',
  'how are Dynamics 365 users billed monthly?',
];

/** Questions that name another product but ask about Azure DevOps: still answered or offered, never refused. */
const azureDevOpsWithOtherProducts = [
  'does a Microsoft 365 E5 licence include Azure DevOps Basic access?',
  'we pay for Office 365 already, do our users still need an Azure DevOps access level?',
  'do GitHub Copilot users need Basic in our azure devops organization?',
];

/**
 * Every licensing phrasing the tests know: the paraphrases, the admin phrasings, the fresh phrasings,
 * the dev sample and its variants, the titles.
 */
const onTopic = [
  ...paraphrases.map(([question]) => question),
  ...adminPhrasings.map(([question]) => question),
  ...[...tuningPhrasings, ...heldOutPhrasings, ...secondHeldOutPhrasings, ...reviewPhrasings].map(({ question }) => question),
  ...loadQaDev().map(({ question }) => question),
  ...samplePhrasings.flatMap(([, phrasings]) => phrasings),
  ...articles.map((article) => article.title),
];

/** How far from the cut-off both sides must stay, so a new phrasing does not flip a decision. */
const margin = 0.1;

describe('confidence margins around the cut-off', () => {
  const knowledgeBase = new KnowledgeBase();
  const scored = (questions: readonly string[]) =>
    questions.map((question) => ({ question, confidence: knowledgeBase.answer(question).confidence }));

  it('has enough probes on each side to mean something', () => {
    expect(offTopicProbes.length).toBeGreaterThanOrEqual(25);
    expect(onTopic.length).toBeGreaterThanOrEqual(300);
  });

  it(`keeps every off-topic probe at least ${margin} below the cut-off`, () => {
    const tooClose = scored(offTopicProbes).filter(({ confidence }) => confidence > defaultMinConfidence - margin);
    expect(tooClose).toEqual([]);
  });

  it(`keeps every licensing phrasing at least ${margin} above the cut-off`, () => {
    const tooClose = scored(onTopic).filter(({ confidence }) => confidence < defaultMinConfidence + margin);
    expect(tooClose).toEqual([]);
  });

  it.each(otherProductsLicences)('says "%s" (another product\'s licence) is outside what it knows', (question) => {
    expect(knowledgeBase.answer(question).kind).toBe('outside');
  });

  it.each(azureDevOpsWithOtherProducts)('does not refuse "%s", which is about Azure DevOps too', (question) => {
    expect(knowledgeBase.answer(question).kind).not.toBe('outside');
  });

  it.each(offTopicProbes)(
    'says "%s" is outside what it knows',
    (question) => {
      expect(knowledgeBase.answer(question).kind).toBe('outside');
    },
  );
});
