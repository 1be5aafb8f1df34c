import type { Article } from '../article.js';
import { docPage } from '../docPages.js';
import { figures as f } from './figures.js';

/**
 * What admins ask beyond the three access levels: other licence sources, non-human identities, pipelines and
 * security add-ons billed to the same subscription, where the charges show up, and who grants the Azure roles.
 */
export const beyondSeatsArticles: Article[] = [
  {
    id: 'github-enterprise-users',
    title: 'How are GitHub Enterprise users licensed in Azure DevOps?',
    alternatives: [
      'Access level of people with a GitHub licence',
      'Are GitHub seats charged again?',
      'How is GitHub Enterprise detected?',
      'GitHub Enterprise Server or Cloud: which one counts?',
      'licensingSource gitHub',
      'GHE users and Azure DevOps licences',
    ],
    answer:
      `No. As of ${docPage.userFaq.updated} the docs say Azure DevOps checks ` +
      'for a GitHub Enterprise licence when the user signs ' +
      'in; their access level can take up to a day to change to GitHub Enterprise, which gives **Basic** (no Test ' +
      'Plans) at no charge and does not use one of the free Basic users. Only GitHub Enterprise **Cloud** users ' +
      'are detected; GitHub Enterprise Server customers can sync licence usage to GitHub Enterprise Cloud. For ' +
      'Test Plans, assign Basic + Test Plans as usual.',
    sources: [docPage.userFaq.url, docPage.buyBasic.url],
    asOf: docPage.userFaq.updated,
    related: ['licence-lapses', 'visual-studio-subscribers-free'],
  },
  {
    id: 'licence-lapses',
    title: 'What happens when a Visual Studio or GitHub Enterprise licence lapses?',
    alternatives: [
      'A user\'s Visual Studio subscription expired, what access do they get?',
      'GitHub Enterprise licence removed from a user',
      'Subscriber left the Visual Studio program, do we start paying?',
      'Access level after a subscription benefit ends',
    ],
    answer:
      'The user loses the access that came with the licence and falls back to what the organization gives them: ' +
      'the access level of a **group rule** they match, or otherwise the organization\'s **default access level**. ' +
      'If that is Basic or Basic + Test Plans, the organization starts paying for them (Basic may use one of the ' +
      `${f.basicFreeUsers} free users). If it is Stakeholder, they cost nothing but lose Basic features. Check ` +
      'group rules and the default level before licences expire.',
    sources: [docPage.userFaq.url, docPage.groupRules.url],
    related: ['group-rule-cost', 'default-access-level'],
  },
  {
    id: 'service-principals-billing',
    title: 'Do service principals and managed identities need an access level?',
    alternatives: [
      'Is a managed identity billed like a user in Azure DevOps?',
      'Access level for a service principal used by automation',
      'Do service principals count toward the free Basic users?',
      'Service principal charged in every organization',
    ],
    answer:
      'Yes. A service principal or managed identity added to an organization gets an access level like a person ' +
      '(Stakeholder, Basic or Basic + Test Plans) and is billed the same way when the level is paid, in each ' +
      'organization it is added to. Multi-organization billing does not help here: unlike people, service ' +
      'principals are billed in every organization. Give them the lowest level their work needs.',
    sources: [docPage.servicePrincipals.url, docPage.billingFaq.url],
    related: ['multi-org-billing', 'reduce-costs'],
  },
  {
    id: 'hosted-parallelism-grant',
    title: 'What does "No hosted parallelism has been purchased or granted" mean?',
    alternatives: [
      'Pipeline fails: no hosted parallelism purchased or granted',
      'How do I request the free Microsoft-hosted parallel job?',
      'Free grant of parallel jobs for a new organization',
      'Our first pipeline run never starts on a hosted agent',
    ],
    answer:
      'Your organization has no Microsoft-hosted parallel job yet. As of ' +
      `${docPage.parallelJobs.updated}, for private projects in new organizations the ` +
      `free grant (${f.hostedFreeJobs} job, ${f.hostedFreeMinutes} minutes a month) is not given automatically: ` +
      'request it with the form linked from the parallel jobs page; approval takes a few business days. Or buy a ' +
      `Microsoft-hosted job (${f.hostedJobPrice} a month, needs billing set up), or run the pipeline on a ` +
      'self-hosted agent, which has its own free parallel job.',
    sources: [docPage.parallelJobs.url, docPage.buyParallelJobs.url],
    asOf: docPage.parallelJobs.updated,
    related: ['parallel-jobs', 'set-up-billing'],
    quotesPrices: true,
  },
  {
    id: 'advanced-security-billing',
    title: 'How is GitHub Advanced Security for Azure DevOps billed?',
    alternatives: [
      'Active committer pricing for Advanced Security in Azure Repos',
      'Who counts as an active committer for Advanced Security?',
      'Does Advanced Security bill per organization or per subscription?',
      'GHAzDO cost',
      'How are GitHub Secret Protection and GitHub Code Security charged in Azure DevOps?',
      'Can we buy only secret scanning instead of the whole Advanced Security bundle?',
    ],
    answer:
      `As of ${docPage.advancedSecurityBilling.updated} it is sold two ways, both charged per **active ` +
      'committer**: anyone in a push made within the last ninety days to a repository where the product is on, ' +
      'whatever their access level.\n' +
      '- **GitHub Secret Protection** (push protection, secret scanning) and **GitHub Code Security** ' +
      '(dependency and CodeQL code scanning), enabled and priced separately; new customers get these.\n' +
      '- The original bundle, **GitHub Advanced Security for Azure DevOps**, which existing customers keep unless ' +
      'they ask support to move them.\n\n' +
      'Charges accrue daily on the Azure subscription the organization bills to, and a committer counts **once ' +
      'per subscription** for each product, across repositories and organizations. The settings page estimates ' +
      'the committers before you turn a product on.',
    sources: [docPage.advancedSecurityBilling.url, docPage.advancedSecurityProducts.url],
    asOf: docPage.advancedSecurityBilling.updated,
    related: ['one-subscription-many-organizations', 'cost-management-charges'],
  },
  {
    id: 'cost-management-charges',
    title: 'Where do I see Azure DevOps charges in the Azure portal?',
    alternatives: [
      'Azure DevOps costs in Azure Cost Management',
      'Cost analysis for our Azure DevOps organization',
      'Which line on the Azure invoice is Azure DevOps?',
      'Azure DevOps on the Azure bill',
    ],
    answer:
      'On the Azure subscription the organization bills to. In the Azure portal open that subscription\'s **Cost ' +
      'analysis** (Cost Management) and filter or group by service to see Azure DevOps; a view by day shows when ' +
      'charges changed. On the detailed invoice each organization with charges has its ' +
      'own line, also under multi-organization billing. Owners and Contributors of the subscription can also see ' +
      'billing details from **Organization settings > Billing**.',
    sources: [docPage.billingFaq.url, docPage.setUpBilling.url],
    related: ['check-billing-status', 'daily-billing'],
  },
  {
    id: 'sponsorship-csp-ea-subscriptions',
    title: 'Can Sponsorship, CSP or Enterprise Agreement prepayment pay for Azure DevOps?',
    alternatives: [
      'Use Azure Monetary Commitment funds for Azure DevOps',
      'Does EA prepayment cover Azure DevOps users?',
      'Azure Sponsorship subscription for Azure DevOps billing',
      'Buy Azure DevOps through our CSP partner',
    ],
    answer:
      '- **Enterprise Agreement**: yes, and prepayment (monetary commitment) funds can pay for Azure DevOps; ' +
      'choose a subscription created for the EA, on which you are Owner or Contributor.\n' +
      '- **CSP**: yes, a subscription set up by a Cloud Solution Provider works; ask your partner.\n' +
      '- **Sponsorship** (and partner network credit): not named in the docs. They run on credit with a ' +
      'spending limit, and the credit does not pay for Azure DevOps, so they work only once the spending limit ' +
      'is removed.',
    sources: [docPage.billingFaq.url],
    related: ['supported-subscription-types', 'visual-studio-azure-credit'],
  },
  {
    id: 'grant-subscription-role',
    title: 'Who can grant me a role on an Azure subscription?',
    alternatives: [
      'Who assigns Azure roles for billing?',
      'Who can add me in Access control (IAM) of the subscription?',
      'Ask someone to give me rights on an Azure subscription',
    ],
    answer:
      'Someone who may assign roles on that subscription: an **Owner** of it (or a User Access Administrator). ' +
      'They open the subscription in the Azure portal, choose **Access control (IAM) > Add role assignment**, pick ' +
      'Owner or Contributor and select you. A Contributor cannot grant roles. If nobody in your team owns the ' +
      'subscription, your Azure account or billing administrator can find out who does.',
    sources: [docPage.backupBillingManagers.url],
    related: ['billing-permissions', 'backup-billing-manager'],
  },
];
