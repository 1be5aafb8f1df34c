import type { Article } from '../article.js';
import { docPage } from '../docPages.js';
import { figures as f } from './figures.js';

/** Access levels, what they cost, when a user starts and stops costing, and how to spend less. */
export const accessAndPriceArticles: Article[] = [
  {
    id: 'access-levels-overview',
    title: 'What access levels are there and what do they cost?',
    alternatives: [
      'Difference between Stakeholder, Basic and Basic + Test Plans',
      'Which license does a developer need?',
      'Explain Azure DevOps access levels',
      'Azure DevOps user license types and prices',
      'What kinds of users can I add?',
    ],
    answer:
      'Three levels you assign, plus one that comes with a subscription:\n' +
      '- **Stakeholder**: free and unlimited, limited features, no Test Plans.\n' +
      `- **Basic**: Boards, Repos, Pipelines and Artifacts; the first ${f.basicFreeUsers} users are free, then ` +
      `${f.basicPrice} per user per month.\n` +
      `- **Basic + Test Plans**: Basic plus Azure Test Plans, ${f.testPlansPrice} per user per month.\n` +
      '- **Visual Studio subscription**: detected when the subscriber signs in and paid for by that subscription.',
    sources: [docPage.accessLevels.url, docPage.buyBasic.url],
    related: ['basic-price', 'test-plans-price'],
    quotesPrices: true,
  },
  {
    id: 'basic-price',
    title: 'How much does Basic access cost per user?',
    alternatives: [
      'Monthly price of a Basic user',
      'Basic license cost',
      'What do we pay per developer seat?',
      'Cost per seat for Azure DevOps',
      'How many Basic users are free?',
      'Pricing for Azure DevOps users',
    ],
    answer:
      `The first ${f.basicFreeUsers} users with Basic in an organization are free. Each further Basic user costs ` +
      `${f.basicPrice} per user per month at list price, charged daily for the days the user holds the level. ` +
      'Visual Studio subscribers and GitHub Enterprise users get Basic at no charge, and Stakeholder access is ' +
      `free. With multi-organization billing the ${f.basicFreeUsers} free users count once per subscription ` +
      'instead of once per organization.',
    sources: [docPage.buyBasic.url, docPage.billingFaq.url],
    related: ['daily-billing', 'visual-studio-subscribers-free'],
    quotesPrices: true,
  },
  {
    id: 'test-plans-price',
    title: 'How much does Basic + Test Plans cost?',
    alternatives: [
      'Price of Test Plans per user',
      'Test Manager license cost',
      'Cost of Azure Test Plans per month',
      'Are any Basic + Test Plans users free?',
      'How much do testers cost?',
    ],
    answer:
      `${f.testPlansPrice} per user per month at list price, charged daily while the user holds the level. ` +
      'Unlike Basic there is no free grant: every Basic + Test Plans user is paid for, except Visual Studio ' +
      'Enterprise, Test Professional and MSDN Platforms subscribers, who already have it through their ' +
      `subscription. A ${f.testPlansTrialDays}-day trial lets you try it before paying.`,
    sources: [docPage.buyTestPlans.url, docPage.accessLevels.url],
    related: ['test-plans-trial', 'visual-studio-test-plans'],
    quotesPrices: true,
  },
  {
    id: 'stakeholder-free',
    title: 'Is Stakeholder access free?',
    alternatives: [
      'Do Stakeholders cost anything?',
      'How many stakeholders can I add?',
      'What does a Stakeholder license cost?',
      'Free access level for business users',
      'Is there a limit on stakeholder users?',
    ],
    answer:
      'Yes. Stakeholder access is free and unlimited: add as many Stakeholders as you need and nothing is ' +
      'charged to the subscription. It suits people who follow work and give feedback; features are limited and ' +
      'Azure Test Plans is not included. New users added from projects get Stakeholder by default unless you ' +
      'change the default access level or a group rule gives them something else.',
    sources: [docPage.stakeholder.url, docPage.accessLevels.url],
    related: ['stakeholder-test-plans', 'default-access-level'],
  },
  {
    id: 'stakeholder-test-plans',
    title: 'Do Stakeholders get access to Azure Test Plans?',
    alternatives: [
      'Test case management with Stakeholder access',
      'Can a stakeholder create test plans or run manual tests?',
      'Stakeholder access to the test hub',
      'Do free users get Test Plans?',
    ],
    answer:
      'No, Stakeholder access does not include Azure Test Plans. Anyone who creates and manages test plans ' +
      'needs **Basic + Test Plans**, or a Visual Studio subscription that includes it (Enterprise, Test ' +
      'Professional or MSDN Platforms). Stakeholders keep their free, limited access to work items and the rest ' +
      'of the Stakeholder features.',
    sources: [docPage.stakeholder.url, docPage.accessLevels.url],
    related: ['basic-test-plans', 'test-plans-price'],
  },
  {
    id: 'basic-test-plans',
    title: 'Can Basic users use Test Plans?',
    alternatives: [
      'Does Basic include manual testing?',
      'Is Test Plans part of Basic?',
      'Why can\'t my Basic user create a test plan?',
      'Upgrade a Basic user to get Test Plans',
    ],
    answer:
      'No, not the full Azure Test Plans. Basic covers Boards, Repos, Pipelines and Artifacts; creating and ' +
      'managing test plans and test suites needs **Basic + Test Plans** ' +
      `(${f.testPlansPrice} per user per month) or a Visual Studio Enterprise, Test Professional or MSDN ` +
      'Platforms subscription. To give a Basic user Test Plans, change their access level to Basic + Test ' +
      'Plans; billing switches to the higher price from that day.',
    sources: [docPage.accessLevels.url, docPage.buyTestPlans.url],
    related: ['test-plans-price', 'test-plans-trial'],
    quotesPrices: true,
  },
  {
    id: 'visual-studio-subscribers-free',
    title: 'Are Visual Studio subscribers free in Azure DevOps?',
    alternatives: [
      'Do I pay for users who have a Visual Studio subscription?',
      'Are VS Enterprise subscribers charged?',
      'Do MSDN subscribers use up a Basic license?',
      'What do Visual Studio Professional users cost in Azure DevOps?',
      'Do VS subscribers count toward the free users?',
      'Are Visual Studio subscribers billed on top of their subscription?',
      'Subscribers with Visual Studio Enterprise, do we pay extra?',
    ],
    answer:
      'Yes, you don\'t pay for them. Visual Studio subscribers get Azure DevOps access through their subscription: ' +
      'Professional includes Basic, and Enterprise, Test Professional and MSDN Platforms include Basic + Test ' +
      'Plans. The subscription is detected when the user signs in, their access level then shows as Visual ' +
      'Studio subscription, and they are not charged to your Azure subscription nor counted against the ' +
      `${f.basicFreeUsers} free Basic users.`,
    sources: [docPage.vsSubscriptions.url, docPage.accessLevels.url],
    related: ['visual-studio-detection', 'visual-studio-test-plans'],
  },
  {
    id: 'visual-studio-detection',
    title: 'How does Azure DevOps recognize a Visual Studio subscriber?',
    alternatives: [
      'A VS subscriber shows as Basic and we are charged',
      'Why isn\'t the Visual Studio subscription detected?',
      'licensingSource msdn',
      'How do subscribers get their benefit in Azure DevOps?',
    ],
    answer:
      'At **sign-in**: the person must sign in to the organization with the same identity the Visual Studio ' +
      'subscription is assigned to. Once detected, their access level becomes Visual Studio subscription ' +
      '(`licensingSource: msdn` in the API) and the organization no longer bills them. If a subscriber still ' +
      'shows as Basic, check that the subscription is active and assigned to that exact identity, then have them ' +
      'sign in again.',
    sources: [docPage.vsSubscriptions.url],
    related: ['visual-studio-subscribers-free', 'reduce-costs'],
  },
  {
    id: 'visual-studio-professional-test-plans',
    title: 'Is Test Plans part of a Visual Studio Professional subscription?',
    alternatives: [
      'VS Pro subscribers and test plans',
      'Which access does a Professional subscription give?',
      'msdnLicenseType professional',
      'Professional subscribers: Test Plans included or not?',
    ],
    answer:
      'No. A Visual Studio Professional subscription covers Basic only. For Azure Test Plans, a Professional ' +
      'subscriber needs the paid **Basic + Test Plans** access level, or a Visual Studio Enterprise or Test ' +
      'Professional subscription instead.',
    sources: [docPage.vsSubscriptions.url, docPage.accessLevels.url],
    related: ['visual-studio-test-plans', 'test-plans-price'],
  },
  {
    id: 'visual-studio-test-plans',
    title: 'Which Visual Studio subscriptions come with Test Plans?',
    alternatives: [
      'Visual Studio subscription levels that give Basic + Test Plans',
      'Does VS Enterprise give Basic + Test Plans?',
      'Test Professional subscription and Azure DevOps',
      'MSDN Platforms and test plans',
      'Which subscriptions cover testers at no cost?',
    ],
    answer:
      'Three: **Visual Studio Enterprise**, **Visual Studio Test Professional** and **MSDN Platforms** include ' +
      'Basic + Test Plans. Visual Studio Professional includes Basic only. In the User Entitlements API they ' +
      'appear as `msdnLicenseType` `enterprise`, `testProfessional` and `platforms` (versus `professional`).',
    sources: [docPage.vsSubscriptions.url, docPage.buyTestPlans.url],
    related: ['visual-studio-professional-test-plans', 'visual-studio-subscribers-free'],
  },
  {
    id: 'test-plans-trial',
    title: 'Why can\'t I choose Basic + Test Plans, and how does its trial work?',
    alternatives: [
      'Basic + Test Plans is missing from the access level dropdown',
      'Try Test Plans before buying',
      'Test Plans option greyed out',
      'Start a trial of Azure Test Plans',
      'Is there a trial for Test Manager?',
      'Free trial of Basic + Test Plans',
    ],
    answer:
      'Paid access levels can be assigned only when the organization has billing set up, so an organization ' +
      'without it offers just Stakeholder and Basic. Set up billing, or have a Project Collection Administrator ' +
      `start the ${f.testPlansTrialDays}-day trial of Test Plans under **Organization settings > Billing**. The ` +
      'trial lets you assign **Basic + Test Plans** to people: those people can use Test Plans free until it ' +
      'ends, while everyone else keeps their own level (Stakeholders and Basic users still have no Test Plans). ' +
      `After the trial, each Basic + Test Plans user costs ${f.testPlansPrice} per user per month.`,
    sources: [docPage.tryFeatures.url, docPage.buyTestPlans.url],
    related: ['set-up-billing', 'test-plans-price'],
    quotesPrices: true,
  },
  {
    id: 'access-level-api-values',
    title: 'Which API values stand for the access levels?',
    alternatives: [
      'accountLicenseType values in the User Entitlements REST API',
      'Map accountLicenseType to the access levels',
      'What does express mean in the API?',
      'REST value for Basic + Test Plans',
      'API name for Stakeholder',
      'licensingSource account or msdn',
      'How do I assign Basic through REST?',
    ],
    answer:
      'The User Entitlements API keeps older names in `accessLevel.accountLicenseType`: `stakeholder` is ' +
      'Stakeholder, `express` is **Basic**, and `advanced` is **Basic + Test Plans**. Assign them with ' +
      '`licensingSource: account`. Visual Studio subscribers show `licensingSource: msdn` instead, and ' +
      '`msdnLicenseType` says which subscription they have (`professional` gives Basic; `enterprise`, ' +
      '`testProfessional` and `platforms` give Basic + Test Plans).',
    sources: [docPage.accessLevels.url, docPage.manageUsers.url],
    related: ['automate-billing', 'access-levels-overview'],
  },
  {
    id: 'entra-users-billing',
    title: 'Am I charged for everyone in our Microsoft Entra ID tenant?',
    alternatives: [
      'Does connecting Azure AD mean paying for all directory users?',
      'Are all AAD users billed?',
      'Which users do we actually pay for?',
      'Do guests in Entra cost money?',
      'Every person in the directory counted for billing?',
    ],
    answer:
      'No. Connecting the organization to Microsoft Entra ID costs nothing by itself. You pay only for users ' +
      `who are assigned **Basic** (beyond the ${f.basicFreeUsers} free ones) or **Basic + Test Plans** in the ` +
      'organization, and only for the days they hold that level. Directory users who are never added to the ' +
      'organization, Stakeholders and Visual Studio subscribers cost nothing. Watch group rules, though: they ' +
      'add paid users automatically as members sign in.',
    sources: [docPage.billingFaq.url, docPage.entraConnection.url],
    related: ['group-rule-cost', 'direct-assignment-cost'],
  },
  {
    id: 'group-rule-cost',
    title: 'Do group rules cost money?',
    alternatives: [
      'Does adding someone to an Entra group with a Basic group rule charge us?',
      'Group-based licensing and billing',
      'When are users who get Basic from a group rule billed?',
      'Will a group rule bill the whole group at once?',
    ],
    answer:
      'Yes, but only for people who actually show up. A group rule that grants Basic or Basic + Test Plans does ' +
      'not charge for every member of the group: a member starts costing money once they **sign in** to the ' +
      'organization and receive the access level through the rule. A direct assignment is different: it is ' +
      'billed from the moment you make it. Group rules take precedence over the default access level, so check ' +
      'them when costs look higher than expected.',
    sources: [docPage.groupRules.url, docPage.billingFaq.url],
    related: ['direct-assignment-cost', 'default-access-level'],
  },
  {
    id: 'direct-assignment-cost',
    title: 'Am I charged for a user who never signs in?',
    alternatives: [
      'When does billing start for a user I give Basic?',
      'Billing starts at assignment or at first login?',
      'Paying for invited users who haven\'t accepted yet',
      'Assigned Basic but the person never logged in',
      'Is a direct assignment billed right away?',
    ],
    answer:
      'Yes. A direct assignment of Basic or Basic + Test Plans is billed **as soon as** you make it, even if ' +
      'the person never signs in. Charges stop when you remove the user or switch them to Stakeholder. People ' +
      'who get their access level only from a group rule are different: they cost money only after their first ' +
      'sign-in.',
    sources: [docPage.billingFaq.url],
    related: ['group-rule-cost', 'daily-billing'],
  },
  {
    id: 'daily-billing',
    title: 'How does daily billing work for Azure DevOps users?',
    alternatives: [
      'Do I pay a full month for someone added mid-month?',
      'Charged per day or per month?',
      'User removed after a week, what do we pay?',
      'Assignment-based billing explained',
      'When do reductions take effect?',
      'Pro-rated charges for access levels',
      'What does a user cost for part of a month?',
    ],
    answer:
      'Since 2019 user charges follow assignments and are metered **daily**: each day a user holds Basic or ' +
      `Basic + Test Plans adds one day's share of the monthly price (${f.basicPrice} or ${f.testPlansPrice} at ` +
      'list price) to the subscription, and the total shows up on the next Azure bill. Add someone for a week ' +
      'and you pay for a week; remove or downgrade them and the charge stops at once. There is no quantity to ' +
      'commit to in advance.',
    sources: [docPage.billingFaq.url],
    related: ['monthly-billing-before-2019', 'direct-assignment-cost'],
    quotesPrices: true,
  },
  {
    id: 'monthly-billing-before-2019',
    title: 'How did Azure DevOps billing work before assignment-based billing?',
    alternatives: [
      'Old monthly committed paid user quantities',
      'Why did my reduction only apply the next month?',
      'Legacy VSTS paid user counts',
      'First month prorated in the old model',
    ],
    answer:
      'Until 2019 you committed to a **monthly** number of paid users (and of Test Manager) on the Billing page ' +
      'or in the Marketplace, then assigned them. The first month was prorated; after that you paid for the full ' +
      'quantity each month, assigned or not, and a reduction took effect only from the start of the next month. ' +
      'Changing the quantity needed just Owner or Contributor on the linked subscription. Today assignments are ' +
      'billed daily and reductions are immediate.',
    sources: [docPage.billingFaq.url, docPage.buyTestPlans.url],
    related: ['daily-billing', 'buy-seats'],
  },
  {
    id: 'buy-seats',
    title: 'How do I buy Basic + Test Plans for a group of people?',
    alternatives: [
      'Purchase ten Test Plans seats on our Enterprise Agreement',
      'Where do I buy more Basic licenses?',
      'Order additional user licences',
      'Buy seats in bulk',
      'How to purchase licenses for new developers',
    ],
    answer:
      'There is nothing to buy up front: you **assign** the access level. With billing set up (an EA ' +
      'subscription works like any other), open **Organization settings > Users**, select the people and set ' +
      'their access level to Basic + Test Plans (or Basic), or use a group rule. Each assignment is charged daily ' +
      'to the linked subscription, so for ten testers you assign the level to those ten people; there is no pack ' +
      'or quantity to purchase. You can also ask me to **request seats** and have an approver confirm them.',
    sources: [docPage.buyTestPlans.url, docPage.buyBasic.url],
    related: ['test-plans-price', 'daily-billing'],
  },
  {
    id: 'reduce-costs',
    title: 'How can I lower what we pay for Azure DevOps users?',
    alternatives: [
      'Cut costs for people who don\'t use Azure DevOps',
      'Stop paying for users who no longer log in',
      'Find unused Basic licenses',
      'Save money on access levels',
      'People who left the company are still billed',
    ],
    answer:
      'Start with people who aren\'t active: in **Organization settings > Users**, sort by **Last access** (or ' +
      'read `lastAccessedDate` from the API) and switch those who no longer need paid features to ' +
      '**Stakeholder**, or remove them; their charges stop right away. Type **cost sweep** here to list them ' +
      'and ask for the downgrades. Also make sure Visual Studio subscribers ' +
      'sign in with their subscription identity so you don\'t pay for them, keep the default access level at ' +
      'Stakeholder, review group rules that grant Basic, and consider multi-organization billing if the same ' +
      'people work in several organizations.',
    sources: [docPage.billingFaq.url, docPage.manageUsers.url],
    related: ['default-access-level', 'multi-org-billing'],
  },
  {
    id: 'multi-org-billing',
    title: 'How does multi-organization billing work?',
    alternatives: [
      'Pay once per user across several orgs',
      'Same user in multiple organizations, billed twice?',
      'Multi-org licensing',
      'Does a user cost money in each organization?',
      'Turn on multi org billing',
    ],
    answer:
      `As of ${docPage.buyBasic.updated}, an option (**Organization settings > Billing > Configure user billing**) ` +
      'that charges each person **once** ' +
      `across the organizations billed to one subscription. The ${f.basicFreeUsers} free Basic users then count ` +
      'once per subscription, applied to its first organization. Exceptions: Basic in one organization and ' +
      'Basic + Test Plans in another is billed twice, and service principals are billed in every organization. ' +
      'Linking another organization to such a subscription can make users who were free start costing money, ' +
      'so I show that on the confirm card. It pays off when many people work in several organizations.',
    sources: [docPage.billingFaq.url, docPage.buyBasic.url],
    asOf: docPage.buyBasic.updated,
    related: ['one-subscription-many-organizations', 'reduce-costs'],
  },
  {
    id: 'default-access-level',
    title: 'How do I choose the access level new users get?',
    alternatives: [
      'New users get Basic automatically and we pay for them',
      'Change the default access level to Stakeholder',
      'Default license for new members',
      'Why do new users only get Stakeholder?',
    ],
    answer:
      'Set it in **Organization settings > Billing**: the default access level is either Stakeholder (free) or ' +
      'Basic. It applies to users added without a direct assignment and without any group rule; group rules ' +
      'always win over the default. Keeping Stakeholder as the default means new people cost nothing until ' +
      'someone deliberately gives them Basic.',
    sources: [docPage.billingFaq.url, docPage.groupRules.url],
    related: ['group-rule-cost', 'stakeholder-free'],
  },
  {
    id: 'test-manager-extension',
    title: 'What happened to the Test Manager extension?',
    alternatives: [
      'Test Manager versus Basic + Test Plans',
      'Are Test Manager and Basic + Test Plans the same thing?',
      'ms.vss-testmanager-web',
      'Is Test Manager still sold in the Marketplace?',
      'Assign Test Manager to a user in the organization',
    ],
    answer:
      'Test Manager was the paid Marketplace extension (`ms.vss-testmanager-web`) that unlocked Azure Test ' +
      'Plans. Since 2019 the **Basic + Test Plans** access level has replaced it: instead of buying and assigning ' +
      `the extension you assign that level, at ${f.testPlansPrice} per user per month. For Azure DevOps Server paid ` +
      'through an organization, it matches the server\'s Advanced level (TFS 2018 and earlier) or Basic + Test ' +
      'Plans (Azure DevOps Server 2019 and every later release, including the current one named just Azure ' +
      'DevOps Server).',
    sources: [docPage.buyTestPlans.url, docPage.serverAccess.url],
    related: ['test-plans-price', 'server-test-plans-access-level'],
    quotesPrices: true,
  },
  {
    id: 'parallel-jobs',
    title: 'What do pipeline parallel jobs cost, and what is free?',
    alternatives: [
      'Free build minutes per month',
      'Price of an extra Microsoft-hosted job',
      'Self-hosted agent parallel job cost',
      'CI/CD concurrency pricing',
      'How many pipelines can run at once for free?',
    ],
    answer:
      `As of ${docPage.parallelJobs.updated}, private projects get ${f.hostedFreeJobs} free Microsoft-hosted ` +
      'parallel job with ' +
      `${f.hostedFreeMinutes} minutes a month; a new organization must first request that free grant (a form, ` +
      `answered in a few business days). Each extra Microsoft-hosted job costs ${f.hostedJobPrice} per ` +
      `month with no minute cap. Self-hosted: ${f.selfHostedFreeJobs} parallel job is free, each extra one costs ` +
      `${f.selfHostedJobPrice} per month, and every Visual Studio Enterprise subscriber in the organization adds ` +
      'one more free self-hosted job. Extra jobs are bought in **Organization settings > Billing** once billing ' +
      'is set up.',
    sources: [docPage.buyParallelJobs.url, docPage.parallelJobs.url],
    asOf: docPage.parallelJobs.updated,
    related: ['hosted-parallelism-grant', 'free-tier'],
    quotesPrices: true,
  },
  {
    id: 'artifacts-storage',
    title: 'What Azure Artifacts storage comes free with an organization?',
    alternatives: [
      'Free package storage limit',
      'Artifacts storage quota',
      'What happens above the free Artifacts storage?',
      'Do package feeds cost money?',
    ],
    answer:
      `Each organization gets ${f.artifactsFreeGiB} GiB of Azure Artifacts storage free. Storage above that is ` +
      'billed by usage to the linked subscription. Without billing (or after removing it), an organization over ' +
      `${f.artifactsFreeGiB} GiB becomes read-only for Artifacts until you delete packages to get back under the ` +
      'limit or set up billing.',
    sources: [docPage.billingOverview.url],
    related: ['free-tier', 'remove-billing'],
  },
  {
    id: 'free-tier',
    title: 'What does an organization get for free?',
    alternatives: [
      'Can we use Azure DevOps without paying anything?',
      'What do we get without a subscription?',
      'Free limits for an Azure DevOps organization',
      'What is in the free tier?',
      'Is Azure DevOps free for a small team?',
      'What is free in Azure DevOps Services?',
      'What can a new organization use before we pay anything?',
    ],
    answer:
      `Without any billing an organization gets for free the first ${f.basicFreeUsers} Basic users, unlimited ` +
      `Stakeholders, ${f.hostedFreeJobs} Microsoft-hosted parallel job with ${f.hostedFreeMinutes} minutes a month ` +
      `(private projects; as of ${docPage.parallelJobs.updated} new organizations must request it first), ` +
      `${f.selfHostedFreeJobs} self-hosted parallel job and ${f.artifactsFreeGiB} GiB of Azure ` +
      'Artifacts storage. Visual Studio subscribers and GitHub Enterprise users come on top at no charge. ' +
      'Anything beyond that needs billing set up on an Azure subscription.',
    sources: [docPage.billingOverview.url, docPage.billingFaq.url],
    asOf: docPage.parallelJobs.updated,
    related: ['set-up-billing', 'parallel-jobs'],
  },
  {
    id: 'price-estimates',
    title: 'Are the prices you show exact?',
    alternatives: [
      'How current is the price list?',
      'Do EA customers pay list price?',
      'Where do these prices come from?',
      'Which currency are the cost estimates in?',
    ],
    answer:
      `They are estimates from Microsoft's public list prices in ${f.currency}, as of ${f.priceListDate}. What ` +
      'you actually pay can differ: Enterprise Agreement and CSP contracts and currency conversion change the ' +
      'figures on the bill, and Microsoft revises list prices from time to time. For exact numbers, use the ' +
      'Azure pricing calculator or your Azure invoice.',
    sources: [docPage.billingOverview.url],
    related: ['basic-price', 'test-plans-price'],
    quotesPrices: true,
  },
];
