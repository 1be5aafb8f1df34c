import type { Article } from '../article.js';
import { docPage } from '../docPages.js';
import { figures as f } from './figures.js';

/** Linking an organization to an Azure subscription: who, which subscription, how, and what changing it does. */
export const billingSetupArticles: Article[] = [
  {
    id: 'set-up-billing',
    title: 'How do I set up billing for my organization?',
    alternatives: [
      'How do I link an Azure subscription to my Azure DevOps organization?',
      'Steps to connect an org to a subscription so we can pay',
      'Where is the Set up billing button?',
      'Configure billing so we can buy more users',
      'Attach an Azure sub to our organization',
      'Enable paid features in Azure DevOps',
      'Start paying for Azure DevOps',
      'How do we get billing working for a new org?',
    ],
    answer:
      'In the organization, open **Organization settings > Billing**, choose **Set up billing**, pick the Azure ' +
      'subscription that should receive the charges and select **Save**. You must be a Project Collection ' +
      'Administrator of the organization and hold the Owner or Contributor role on that subscription, and the ' +
      'subscription has to sit in the same Microsoft Entra tenant as the organization. From then on every paid ' +
      'item of the organization (users, parallel jobs, Artifacts storage) is charged to that one subscription. ' +
      'You can also type **set up billing** here and I will walk you through it.',
    sources: [docPage.setUpBilling.url],
    related: ['billing-permissions', 'subscription-not-listed'],
  },
  {
    id: 'billing-permissions',
    title: 'Which permissions does billing setup require on the Azure side?',
    alternatives: [
      'Required Azure role for linking a subscription to an organization',
      'Do I need to be Owner of the Azure subscription?',
      'Is Contributor enough to set up billing?',
      'Can a Reader on the subscription connect billing?',
      'Which RBAC role lets me configure billing?',
      'Co-administrator rights for Azure DevOps billing',
      'Access needed on Azure to pay for Azure DevOps',
    ],
    answer:
      'Two things, held by the same person: the **Owner** or **Contributor** role on the Azure subscription ' +
      '(older VSTS pages call this co-administrator or higher), and membership in the organization\'s ' +
      '**Project Collection Administrators** group (organization owners are always in it). Reader and other ' +
      'read-only roles are not enough. The same pair of rights is needed later to change or remove billing, ' +
      'while viewing what the organization costs only needs Owner or Contributor on the linked subscription.',
    sources: [docPage.setUpBilling.url, docPage.backupBillingManagers.url],
    related: ['who-can-set-up-billing', 'backup-billing-manager'],
  },
  {
    id: 'who-can-set-up-billing',
    title: 'Who is allowed to set up billing for an organization?',
    alternatives: [
      'Can any project admin set up billing?',
      'Does the organization owner have to do the billing setup?',
      'Can a project administrator link a subscription?',
      'Which Azure DevOps admin group can configure billing?',
      'I am not a PCA, can I still set up billing?',
      'Who in our company is able to connect the subscription?',
    ],
    answer:
      'A **Project Collection Administrator** (PCA) of the organization; the organization owner is one ' +
      'automatically, while a project administrator is not enough. That same person must also be **Owner** or ' +
      '**Contributor** on the Azure subscription that will pay. If the two rights belong to different people, ' +
      'either give the PCA a Contributor role on the subscription or add the subscription owner to Project ' +
      'Collection Administrators for the setup. To see who your PCAs are, open **Organization settings > ' +
      'Permissions > Project Collection Administrators**.',
    sources: [docPage.setUpBilling.url, docPage.findPca.url],
    related: ['billing-permissions', 'set-up-billing'],
  },
  {
    id: 'one-subscription-many-organizations',
    title: 'Can one Azure subscription pay for more than one organization?',
    alternatives: [
      'Use the same subscription for all our orgs',
      'Several Azure DevOps organizations billed to a single subscription',
      'Can I split one organization\'s charges across two subscriptions?',
      'Link multiple orgs to one Azure subscription',
      'Does each organization need its own subscription?',
      'Can an organization have two billing subscriptions?',
    ],
    answer:
      'Yes. A single Azure subscription can be linked to as many organizations as you like, and each ' +
      'organization\'s charges show up as their own line on that subscription\'s bill. The reverse is not ' +
      'possible: an organization is linked to exactly one subscription at a time, so its charges cannot be split ' +
      'across several subscriptions. If many of your people work in more than one of those organizations, ' +
      'read about multi-organization billing.',
    sources: [docPage.billingFaq.url],
    related: ['multi-org-billing', 'set-up-billing'],
  },
  {
    id: 'billing-through-azure',
    title: 'Do I have to use other Azure services to pay for Azure DevOps?',
    alternatives: [
      'Must we consume Azure resources to buy Azure DevOps?',
      'Is Azure DevOps billed through Azure?',
      'Can I pay for Azure DevOps with a purchase order or an invoice?',
      'Why does Azure DevOps need an Azure subscription at all?',
      'Pay for Azure DevOps without an Azure subscription',
    ],
    answer:
      'No. Azure DevOps Services charges always go through an Azure subscription, but that subscription can ' +
      'exist purely as a billing account: you don\'t need to run any other Azure service in it. There is no ' +
      'separate purchase-order route; whatever pays the subscription (card, invoice, Enterprise Agreement, CSP ' +
      'partner) pays for Azure DevOps too. If you have no subscription yet, create one of a supported type (not ' +
      'the Free Trial) before you set up billing.',
    sources: [docPage.billingFaq.url, docPage.setUpBilling.url],
    related: ['supported-subscription-types', 'set-up-billing'],
  },
  {
    id: 'azure-free-trial',
    title: 'Can an Azure Free Trial subscription pay for Azure DevOps?',
    alternatives: [
      'Why can\'t I pick my trial subscription for billing?',
      'Trial Azure subscription and Azure DevOps billing',
      'MS-AZR-0044P offer for Azure DevOps',
      'Will the Azure free account work for buying Basic users?',
      'FreeTrial quota subscription refused',
    ],
    answer:
      'No, the Azure **Free Trial** is not supported for Azure DevOps billing (offer `MS-AZR-0044P`, quota ID ' +
      '`FreeTrial_2014-09-01`), so billing setup will not accept it. Upgrade the trial to Pay-As-You-Go in the ' +
      'Azure portal, or choose another subscription such as Pay-As-You-Go, an Enterprise Agreement or a CSP ' +
      'subscription, then set up billing again.',
    sources: [docPage.setUpBilling.url, docPage.billingFaq.url],
    related: ['supported-subscription-types', 'subscription-not-listed'],
  },
  {
    id: 'visual-studio-azure-credit',
    title: 'Can the monthly Azure credit of a Visual Studio subscription pay for Azure DevOps?',
    alternatives: [
      'MSDN Azure credits for Azure DevOps users',
      'Use my VS subscriber Azure benefit for billing',
      'Spending limit blocks billing setup',
      'Why is my Visual Studio Enterprise Azure subscription refused for billing?',
      'Pay for Azure DevOps with benefit credits',
    ],
    answer:
      'No, the monthly credit that comes with a Visual Studio subscription can\'t be spent on Azure DevOps. The ' +
      'subscription itself can still be used, but only after you **remove its spending limit indefinitely** in ' +
      'the Azure portal; Azure DevOps charges then go to the payment method on file, not to the credit. Lifting ' +
      'the limit for the current period only is not enough: the subscription would be disabled when the next ' +
      'month\'s charges arrive, stopping everything else that runs in it.',
    sources: [docPage.billingFaq.url],
    related: ['supported-subscription-types', 'subscription-not-listed'],
  },
  {
    id: 'supported-subscription-types',
    title: 'Which kinds of Azure subscriptions can pay for Azure DevOps?',
    alternatives: [
      'Is an Enterprise Agreement subscription supported?',
      'Can I use a CSP subscription for billing?',
      'Does Pay-As-You-Go work for Azure DevOps?',
      'Are MPN or Open licensing subscriptions accepted?',
      'Does a partner network subscription work for billing?',
      'Which subscription offers are eligible?',
      'Can I buy Azure DevOps from my reseller?',
    ],
    answer:
      'The billing FAQ names Pay-As-You-Go, Enterprise Agreement (EA), Cloud Solution Provider (CSP), Microsoft ' +
      'Open licensing, and Visual Studio subscriber subscriptions once their spending limit is removed ' +
      'indefinitely; so a CSP reseller can sell it to you. It excludes the **Azure Free Trial** and Azure ' +
      'Government or other national clouds, and a disabled subscription can\'t pay. Partner network (MPN) and ' +
      'Sponsorship subscriptions are not named: they run on a monthly credit with a spending limit, and that ' +
      'credit never pays for Azure DevOps, so they work only with the spending limit removed. I check each ' +
      'subscription\'s offer and spending limit when you set up billing.',
    sources: [docPage.billingFaq.url],
    related: ['azure-free-trial', 'visual-studio-azure-credit'],
  },
  {
    id: 'government-cloud',
    title: 'Can I use an Azure Government or national cloud subscription for billing?',
    alternatives: [
      'Azure Government subscription for Azure DevOps',
      'Sovereign cloud billing',
      'Azure China subscription to pay for Azure DevOps',
      'US Gov subscription for our organization',
    ],
    answer:
      'No, subscriptions in Azure Government or any other national (sovereign) cloud are not supported for ' +
      'Azure DevOps billing. Use a subscription in the global commercial Azure cloud that belongs to the same ' +
      'Microsoft Entra tenant as the organization, for example Pay-As-You-Go, an Enterprise Agreement or a CSP ' +
      'subscription.',
    sources: [docPage.billingFaq.url],
    related: ['supported-subscription-types', 'subscription-other-tenant'],
  },
  {
    id: 'subscription-not-listed',
    title: 'Why doesn\'t my Azure subscription show up when I set up billing?',
    alternatives: [
      'The subscription picker is empty',
      'I can\'t find my subscription in the billing dropdown',
      'Subscription missing from the list',
      'No subscriptions available to link',
      'Only some of our subscriptions are offered on the billing page',
      'The sub I want isn\'t there',
    ],
    answer:
      'The usual causes:\n' +
      '- it belongs to a **different Microsoft Entra tenant** than the organization;\n' +
      '- you lack the **Owner or Contributor** role on it;\n' +
      '- it is a **Free Trial**, or a Visual Studio subscriber subscription that still has its **spending limit**;\n' +
      '- it is disabled, or in a government or national cloud;\n' +
      `- you see very many subscriptions: older docs (as of ${f.subscriptionPickerMaxAsOf}) said the picker ` +
      `listed at most ${f.subscriptionPickerMax}.\n\n` +
      'Fix the cause (get the role, remove the spending limit, use a subscription in the right tenant) and open ' +
      'the billing page again, or type **set up billing** here and give me the subscription ID.',
    sources: [docPage.setUpBilling.url, docPage.changeSubscription.url],
    asOf: f.subscriptionPickerMaxAsOf,
    related: ['subscription-other-tenant', 'too-many-subscriptions'],
  },
  {
    id: 'subscription-other-tenant',
    title: 'Can I link a subscription that belongs to a different Entra tenant?',
    alternatives: [
      'Our subscription is in another directory than the Azure DevOps organization',
      'Azure subscription and Azure DevOps use different Azure AD tenants',
      'Cross-tenant billing for Azure DevOps',
      'Pay with a subscription from a partner\'s tenant',
      'Organization connected to one AAD, subscription in another',
    ],
    answer:
      'No, the subscription has to be in the **same Microsoft Entra tenant** the organization is connected to. ' +
      'Pick a subscription from that tenant, or move the subscription into it with the subscription\'s **Change ' +
      'directory** option in the Azure portal. Connecting the organization to the other tenant also works, but ' +
      'it changes how every user signs in, so plan it carefully. Older VSTS instructions suggested just switching ' +
      'directory in the portal before linking; today both sides must share one tenant.',
    sources: [docPage.setUpBilling.url, docPage.entraConnection.url],
    related: ['subscription-not-listed', 'set-up-billing'],
  },
  {
    id: 'too-many-subscriptions',
    title: 'What if I have more subscriptions than the picker can show?',
    alternatives: [
      'Subscription picker only shows the first subscriptions',
      'Limit on the number of subscriptions in the billing list',
      'We have hundreds of Azure subscriptions; does the picker show them all?',
      'Workaround for the subscription list limit',
    ],
    answer:
      `Older versions of the change-subscription page (as of ${f.subscriptionPickerMaxAsOf}) said the billing ` +
      `page's picker showed at most ${f.subscriptionPickerMax} subscriptions; current pages no longer state a ` +
      'limit. If the one you need does not appear: sign in with an account that is Owner or Contributor on it ' +
      'and a Project Collection Administrator but sees fewer subscriptions, give me its subscription ID (I look ' +
      'it up directly), or link through Azure Resource Manager (the organization\'s ' +
      '`Microsoft.VisualStudio/account` resource), which takes the ID directly.',
    sources: [docPage.changeSubscription.url],
    asOf: f.subscriptionPickerMaxAsOf,
    related: ['subscription-not-listed', 'automate-billing'],
  },
  {
    id: 'subscription-inactive',
    title: 'What happens if the billing subscription is disabled or cancelled?',
    alternatives: [
      'The credit card on the Azure subscription expired',
      'Our subscription was suspended, what happens to Azure DevOps?',
      'Subscription became inactive',
      'Unpaid Azure bill, do we lose Azure DevOps access?',
      'Subscription state is not Enabled',
    ],
    answer:
      'When the linked subscription stops being active (cancelled, disabled, or suspended after a failed ' +
      'payment) the organization falls back to the **free tier**, as if billing had been removed: paid users ' +
      'beyond the free grant, extra parallel jobs and Artifacts storage above the free amount stop. A disabled ' +
      'subscription also can\'t be chosen when setting up billing. Bring the subscription back into good ' +
      'standing, or link another enabled subscription, to restore paid features.',
    sources: [docPage.billingFaq.url],
    related: ['remove-billing', 'change-subscription'],
  },
  {
    id: 'change-subscription',
    title: 'How do I change which Azure subscription pays for my organization?',
    alternatives: [
      'Switch the billing subscription',
      'Move Azure DevOps charges to another subscription',
      'Replace the linked subscription with a new EA subscription',
      'Does changing the subscription affect our pipelines?',
      'Swap the sub that Azure DevOps bills to',
    ],
    answer:
      'Go to **Organization settings > Billing > Change billing**, pick the new subscription and save. You need ' +
      'the same rights as for the first setup (Project Collection Administrator, plus Owner or Contributor on ' +
      'the **new** subscription; none on the old one, so it works when its owner has left), and the new ' +
      'subscription must be in the same Microsoft Entra tenant. From then ' +
      'on charges go to the new subscription; users, access levels, parallel jobs and pipelines stay as they ' +
      'are. The old subscription keeps a `VisualStudioOnline-…` resource group that you can delete.',
    sources: [docPage.changeSubscription.url],
    related: ['leftover-resource-group', 'remove-billing'],
  },
  {
    id: 'remove-billing',
    title: 'What happens when I remove billing from an organization?',
    alternatives: [
      'Unlink the Azure subscription from Azure DevOps',
      'Disconnect billing, what do we lose?',
      'Stop paying for Azure DevOps entirely',
      'Consequences of removing the billing subscription',
      'Do paid users keep their access after unlinking?',
    ],
    answer:
      'All paid features drop to the **free tier immediately**: users beyond the ' +
      `${f.basicFreeUsers} free Basic ones and all Basic + Test Plans users lose their paid access, extra ` +
      'Microsoft-hosted and self-hosted parallel jobs go away, and Artifacts storage above ' +
      `${f.artifactsFreeGiB} GiB becomes read-only until you are back under the limit. To do it, open ` +
      '**Organization settings > Billing > Change billing**, choose **Remove billing** and save. When I remove it ' +
      'for you, I delete the billing resource in the paying subscription, which needs Owner or Contributor ' +
      'there. The old subscription keeps a `VisualStudioOnline-…` resource group that is safe to delete.',
    sources: [docPage.changeSubscription.url],
    related: ['leftover-resource-group', 'free-tier'],
  },
  {
    id: 'leftover-resource-group',
    title: 'Can I delete the VisualStudioOnline resource group left in the old subscription?',
    alternatives: [
      'What is the VisualStudioOnline-xxxx resource group in my subscription?',
      'Orphaned resource group after switching billing',
      'Clean up the old Azure DevOps resource group',
      'Remove the RG that Azure DevOps billing created',
    ],
    answer:
      'Yes, it is safe. Linking an organization creates a resource group named `VisualStudioOnline-` followed by ' +
      'the organization\'s host ID without dashes; it only holds the billing link. Once billing has moved to ' +
      'another subscription or been removed, the group left behind does nothing, and deleting it does not touch ' +
      'the organization, its users or its data. Don\'t delete the group in the subscription that is linked now: ' +
      'that one holds the live link.',
    sources: [docPage.changeSubscription.url],
    related: ['change-subscription', 'remove-billing'],
  },
  {
    id: 'backup-billing-manager',
    title: 'How can a second person manage billing as a backup?',
    alternatives: [
      'Let a second person manage Azure DevOps billing',
      'Give a colleague rights over our Azure DevOps charges',
      'Add another billing admin',
      'Delegate billing management for the organization',
      'Who can handle billing when I\'m away?',
    ],
    answer:
      'Give that person the **Owner** or **Contributor** role on the linked Azure subscription: in the Azure ' +
      'portal open the subscription, then **Access control (IAM) > Add role assignment**. With that role they ' +
      'can see and manage what the organization is charged. If they should also be able to change or remove the ' +
      'linked subscription, add them to the organization\'s **Project Collection Administrators** group as well.',
    sources: [docPage.backupBillingManagers.url],
    related: ['billing-permissions', 'change-subscription'],
  },
  {
    id: 'automate-billing',
    title: 'Can billing setup be automated with a script or an API?',
    alternatives: [
      'Is there a REST API to link a subscription to an organization?',
      'Set up Azure DevOps billing with ARM templates, Bicep or Terraform',
      'Programmatically check whether an organization has billing',
      'Azure CLI command for Azure DevOps billing',
      'Billing API for Azure DevOps',
    ],
    answer:
      'Partly. The documented route is Azure Resource Manager: the organization is a ' +
      '`Microsoft.VisualStudio/account` resource, and a PUT on it with `operationType: link` links the ' +
      'subscription, a GET reads the link and a DELETE removes billing, all run by an identity with Owner or ' +
      'Contributor. There is **no official public Azure DevOps billing API**; the commerce endpoints some scripts ' +
      'call are undocumented and may change without notice. Assigning paid access levels is scriptable through ' +
      'the documented User Entitlements REST API.',
    sources: [docPage.setUpBilling.url, docPage.manageUsers.url],
    related: ['access-level-api-values', 'check-billing-status'],
  },
  {
    id: 'check-billing-status',
    title: 'How can I tell whether an organization has billing set up?',
    alternatives: [
      'Which subscription pays for this organization?',
      'Which Azure subscription is our organization billed to?',
      'Is billing configured for our org?',
      'See the linked subscription',
      'Where do I view what Azure DevOps costs us?',
      'Why is my organization already linked to a subscription?',
    ],
    answer:
      'Open **Organization settings > Billing**: it shows the linked subscription, or a **Set up billing** ' +
      'button when there is none. The charges themselves appear on that subscription\'s Azure bill, with a line ' +
      'per organization. If the page says the organization is already linked, someone set up billing earlier; ' +
      'an organization has only one billing subscription, so use **Change billing** to move it. You can also ' +
      'type **billing status** here to see it for each of your organizations.',
    sources: [docPage.billingFaq.url, docPage.setUpBilling.url],
    related: ['change-subscription', 'set-up-billing'],
  },
  {
    id: 'azure-portal-setup',
    title: 'Can I set up billing from the Azure portal instead of Azure DevOps?',
    alternatives: [
      'Team Services accounts page in the Azure portal',
      'Old VSTS way to link an account to a subscription',
      'Azure DevOps organizations blade in the Azure portal',
      'Link button for a VSTS account in the portal',
    ],
    answer:
      'That was the VSTS-era route: in the Azure portal you opened **Team Services accounts** (later **Azure ' +
      'DevOps organizations**), selected the organization, chose **Link** (or **Set up billing**) and picked the ' +
      'subscription, signed in as the organization owner with Owner, Contributor or co-administrator rights on ' +
      'the subscription. Today billing is set up in **Organization settings > Billing** inside Azure DevOps; the ' +
      'organization\'s Azure resource remains useful for automation.',
    sources: [docPage.setUpBilling.url],
    related: ['set-up-billing', 'automate-billing'],
  },
];
