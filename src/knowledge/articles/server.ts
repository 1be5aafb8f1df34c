import type { Article } from '../article.js';
import { docPage } from '../docPages.js';
import { figures as f } from './figures.js';

/**
 * Azure DevOps Server / TFS users paid monthly through an Azure DevOps Services organization instead of CALs. The
 * Test Professional sign-in is about the organization's Basic + Test Plans users, so it is not marked `server`.
 */
export const serverArticles: Article[] = [
  {
    id: 'server-users-through-services',
    product: 'server',
    title: 'How do I pay monthly for Azure DevOps Server users through an organization?',
    alternatives: [
      'Buy TFS user access without CALs',
      'Pay for on-premises users through Azure',
      'License Team Foundation Server users with an Azure DevOps Services organization',
      'Monthly licensing for ADS users',
      'Steps to license our on-prem users through Azure',
      'How do we stop buying CALs and pay per month instead?',
    ],
    answer:
      'Instead of buying Client Access Licenses (CALs, usually a three-year commitment), you can pay for server ' +
      'users month by month through an Azure ' +
      `DevOps Services organization (the server needs ${f.minimumServerVersion} or later):\n` +
      '1. Create an organization, even if nobody will work in it.\n' +
      '2. Set up billing on it.\n' +
      '3. Add the users there with Basic, or Basic + Test Plans for testers.\n' +
      '4. On the server, a Team Foundation Administrator adds the **same** users with the matching access level ' +
      '(Advanced on TFS 2018 and earlier, Basic + Test Plans on Azure DevOps Server 2019 and later).\n\n' +
      'Visual Studio subscribers need nothing extra, and Stakeholders are free.',
    sources: [docPage.serverAccess.url],
    related: ['server-test-plans-access-level', 'why-pay-server-users-monthly'],
  },
  {
    id: 'server-minimum-version',
    product: 'server',
    title: 'Which server version do I need to pay for users through Azure DevOps Services?',
    alternatives: [
      'Can TFS 2013 use monthly user billing?',
      'Oldest Team Foundation Server release that supports paying through an organization',
      'Does TFS 2015 RTM support paying through Azure?',
      'Version requirement for on-prem monthly user licensing',
    ],
    answer:
      `Your server needs ${f.minimumServerVersion} or any later release (TFS 2017, TFS 2018, Azure DevOps ` +
      'Server 2019 and every later release, including the current one named just Azure DevOps Server). Older servers can\'t use users paid through an organization; their users need ' +
      'Client Access Licenses or Visual Studio subscriptions.',
    sources: [docPage.serverAccess.url],
    related: ['server-users-through-services', 'client-access-license'],
  },
  {
    id: 'server-test-plans-access-level',
    product: 'server',
    title: 'Which access level do I give Test Plans users on the server?',
    alternatives: [
      'Server access level for users paid for Test Manager in the organization',
      'TFS Advanced access level',
      'Set Basic + Test Plans on Azure DevOps Server',
      'What do I assign on-prem to the testers we pay for online?',
      'Access level on TFS 2017 for Test Manager users',
    ],
    answer:
      `It depends on the server version (as of ${docPage.serverAccess.updated} in the docs):\n` +
      '- **TFS 2018 and earlier**: give them **Advanced**.\n' +
      '- **Azure DevOps Server 2019, 2020, 2022 and the current release** (named just Azure DevOps Server): ' +
      'give them **Basic + Test Plans**.\n\n' +
      'A Team Foundation Administrator sets this by hand on the server, after the same people have Basic + Test ' +
      'Plans (formerly the Test Manager extension) in the organization. People paid as Basic in the organization ' +
      'get **Basic** on the server.',
    sources: [docPage.serverAccess.url, docPage.changeAccessLevels.url],
    asOf: docPage.serverAccess.updated,
    related: ['server-does-not-sync', 'test-professional-sign-in'],
  },
  {
    id: 'server-does-not-sync',
    product: 'server',
    title: 'Does the server pick up the users I pay for in the organization?',
    alternatives: [
      'Sync access levels from Azure DevOps Services to TFS',
      'Are on-prem access levels updated automatically?',
      'Does Azure DevOps Server know about users paid in the cloud?',
      'Automatic license sync between organization and server',
      'Will TFS notice the seats we bought online?',
      'Must server access levels be maintained by hand?',
      'Is Azure DevOps Server aware of licenses assigned in Azure DevOps Services?',
    ],
    answer:
      'No. The server does not see what happens in the organization, and nothing is synchronized. After paying ' +
      'for users in the organization, a server administrator has to add the same people to Azure DevOps Server ' +
      'and set their access level **by hand**: Basic, or for testers Advanced (TFS 2018 and earlier) or Basic + ' +
      'Test Plans (Azure DevOps Server 2019 and later). Keep both lists in step yourself when people join or leave.',
    sources: [docPage.serverAccess.url],
    related: ['server-test-plans-access-level', 'server-stop-paying'],
  },
  {
    id: 'server-stop-paying',
    product: 'server',
    title: 'What if we stop paying for our server users through the organization?',
    alternatives: [
      'Cancel monthly TFS user billing',
      'Unassign our server users in the organization',
      'End the monthly Azure DevOps Server user payments',
    ],
    answer:
      'Then those people are no longer licensed for the server. Because the server won\'t notice, an ' +
      'administrator must **remove** them from Azure DevOps Server (or lower their access level), or you buy ' +
      '**Client Access Licenses (CALs)** for them instead. Visual Studio subscribers and Stakeholders are not ' +
      'affected.',
    sources: [docPage.serverAccess.url],
    related: ['server-does-not-sync', 'client-access-license'],
  },
  {
    id: 'server-free-users',
    product: 'server',
    title: 'Do the organization\'s free Basic users cover Azure DevOps Server?',
    alternatives: [
      'Is on-prem Azure DevOps free for a handful of users?',
      'Free server users from the Services free tier',
      'Can I license five TFS users for nothing through an organization?',
    ],
    answer:
      `No. The ${f.basicFreeUsers} free Basic users belong to the Azure DevOps Services organization only; they ` +
      'don\'t license anyone on Azure DevOps Server or TFS. Every server user who needs Basic must be covered by a ' +
      'Client Access License, a Visual Studio subscription, or a paid Basic user in the organization. ' +
      'Stakeholders are free on both.',
    sources: [docPage.serverAccess.url, docPage.buyBasic.url],
    related: ['client-access-license', 'server-users-through-services'],
  },
  {
    id: 'visual-studio-server-cal',
    product: 'server',
    title: 'Do Visual Studio subscriptions cover Azure DevOps Server?',
    alternatives: [
      'Does MSDN include a TFS CAL?',
      'Licensing VS subscribers on-premises',
      'Do I need a CAL for Visual Studio subscribers?',
    ],
    answer:
      'Yes. A Visual Studio subscription includes a Client Access License for Azure DevOps Server (and TFS), so ' +
      'subscribers need nothing extra on premises. Give them the access level their subscription allows: ' +
      'Enterprise, Test Professional and MSDN Platforms include Test Plans, Professional includes Basic.',
    sources: [docPage.serverAccess.url, docPage.changeAccessLevels.url],
    related: ['client-access-license', 'visual-studio-test-plans'],
  },
  {
    id: 'why-pay-server-users-monthly',
    product: 'server',
    title: 'Why pay for server users through Azure DevOps Services instead of buying CALs?',
    alternatives: [
      'Benefits of monthly user billing versus Client Access Licenses',
      'CAL or monthly payment for TFS?',
      'Pay monthly instead of a long licence commitment',
    ],
    answer:
      'Flexibility: you pay **monthly** for exactly the users you need, with no long commitment, whereas CALs ' +
      'are usually bought on a three-year commitment. That suits temporary staff and contractors. The same ' +
      'users also get Azure DevOps Services at no extra price, and you pay however your Azure subscription pays ' +
      '(card, invoice, Enterprise Agreement or CSP partner).',
    sources: [docPage.serverAccess.url],
    related: ['server-users-through-services', 'client-access-license'],
  },
  {
    id: 'test-professional-sign-in',
    title: 'Which identity should Test Manager users use in Visual Studio Test Professional?',
    alternatives: [
      'Run Test Professional with a license paid in the organization',
      'Sign in to Test Professional with which account?',
      'Can Test Plans users from the organization run the Test Professional client?',
    ],
    answer:
      'They must sign in to Visual Studio Test Professional with the **same identity** (the same work or ' +
      'Microsoft account) they use in the organization where Basic + Test Plans, formerly Test Manager, is ' +
      'assigned to them. That assignment is what lets them run Test Professional; people added only to the ' +
      'server, without it, can\'t.',
    sources: [docPage.serverAccess.url],
    related: ['server-test-plans-access-level', 'test-manager-extension'],
  },
  {
    id: 'client-access-license',
    product: 'server',
    title: 'What is a Client Access License (CAL)?',
    alternatives: [
      'TFS CAL explained',
      'Do I need CALs for Azure DevOps Server?',
      'User CAL versus Visual Studio subscription',
    ],
    answer:
      'A CAL is the traditional per-user licence for Azure DevOps Server (formerly TFS), usually bought on a ' +
      'three-year commitment. Each server user with Basic features needs one, unless they have a Visual Studio ' +
      'subscription (which includes it) or you pay for them monthly through an Azure DevOps Services ' +
      'organization. Stakeholders don\'t need one.',
    sources: [docPage.serverAccess.url],
    related: ['why-pay-server-users-monthly', 'server-users-through-services'],
  },
];
