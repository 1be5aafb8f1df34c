import type { Article } from '../article.js';
import { docPage } from '../docPages.js';
import { accessAndPriceArticles } from './accessAndPrices.js';
import { beyondSeatsArticles } from './beyondSeats.js';
import { billingSetupArticles } from './billingSetup.js';
import { serverArticles } from './server.js';

/** The welcome card's "Ask a question" button sends this article's title, so it must answer itself. */
const guideArticle: Article = {
  id: 'what-can-i-ask',
  title: 'What can I ask about licensing?',
  alternatives: [
    'Which licensing questions can you answer?',
    'Topics for billing questions',
    'Licensing FAQ',
    'What can you help me with about licences and billing?',
  ],
  answer:
    'Ask in your own words about setting up, changing or removing billing; which subscriptions and roles work; ' +
    'access levels and what they cost; when a user starts and stops costing money; Visual Studio and GitHub ' +
    'Enterprise users; service principals; Azure DevOps Server users paid through an organization; parallel ' +
    'jobs, Artifacts storage and Advanced Security. For ' +
    'example: *Is the Azure free trial supported?* or *Do group rules cost money?* Every answer links its ' +
    'Microsoft Learn source. To act instead of ask, type **help**.',
  sources: [docPage.billingFaq.url],
  related: ['access-levels-overview', 'set-up-billing'],
};

export const articles: readonly Article[] = [
  ...billingSetupArticles,
  ...accessAndPriceArticles,
  ...serverArticles,
  ...beyondSeatsArticles,
  guideArticle,
];
