/**
 * The Microsoft Learn pages answers cite, with the page name a "Source: …" button shows. Articles refer to these
 * constants so a moved page is one edit and every cited URL has a readable name. `updated` is the month of the
 * page version (its `ms.date`) that answers with facts which changed over time rely on, so they can say "as of".
 */
const learn = 'https://learn.microsoft.com/azure/devops/organizations';
const devops = 'https://learn.microsoft.com/azure/devops';

export const docPage = {
  setUpBilling: { url: `${learn}/billing/set-up-billing-for-your-organization-vs`, name: 'Set up billing' },
  changeSubscription: { url: `${learn}/billing/change-azure-subscription`, name: 'Change or remove the billing subscription' },
  backupBillingManagers: { url: `${learn}/billing/add-backup-billing-managers`, name: 'Add a backup billing manager' },
  billingFaq: { url: `${learn}/billing/billing-faq`, name: 'Billing FAQ' },
  billingOverview: { url: `${learn}/billing/overview`, name: 'Billing overview' },
  buyBasic: { url: `${learn}/billing/buy-basic-access-add-users`, name: 'Pay for users', updated: 'February 2025' },
  buyTestPlans: { url: `${learn}/billing/buy-basic-plus-test-plans`, name: 'Buy Basic + Test Plans' },
  buyParallelJobs: { url: `${learn}/billing/buy-more-build-vs`, name: 'Buy parallel jobs' },
  tryFeatures: { url: `${learn}/billing/try-additional-features-vs`, name: 'Free trials of paid features' },
  serverAccess: {
    url: `${learn}/billing/buy-access-tfs-test-hub`,
    name: 'Buy access to Azure DevOps Server or Test Plans',
    updated: 'May 2019',
  },
  accessLevels: { url: `${learn}/security/access-levels`, name: 'About access levels' },
  changeAccessLevels: { url: `${learn}/security/change-access-levels`, name: 'Change access levels' },
  stakeholder: { url: `${learn}/security/get-started-stakeholder`, name: 'Stakeholder access' },
  findPca: { url: `${learn}/security/look-up-project-collection-administrators`, name: 'Look up Project Collection Administrators' },
  groupRules: { url: `${learn}/accounts/assign-access-levels-by-group-membership`, name: 'Group rules' },
  vsSubscriptions: { url: `${learn}/accounts/add-basic-or-vs-subscription-users`, name: 'Visual Studio subscribers' },
  entraConnection: { url: `${learn}/accounts/connect-organization-to-azure-ad`, name: 'Connect to Microsoft Entra ID' },
  manageUsers: { url: `${learn}/accounts/add-organization-users`, name: 'Manage users' },
  userFaq: {
    url: `${learn}/accounts/faq-user-and-permissions-management`,
    name: 'User and permissions FAQ',
    updated: 'June 2025',
  },
  parallelJobs: {
    url: `${devops}/pipelines/licensing/concurrent-jobs`,
    name: 'Configure and pay for parallel jobs',
    updated: 'June 2026',
  },
  advancedSecurityBilling: {
    url: `${devops}/repos/security/github-advanced-security-billing`,
    name: 'Advanced Security billing',
    updated: 'May 2025',
  },
  advancedSecurityProducts: {
    url: `${devops}/repos/security/configure-github-advanced-security-features`,
    name: 'Configure GitHub Advanced Security for Azure DevOps',
  },
  servicePrincipals: {
    url: `${devops}/integrate/get-started/authentication/service-principal-managed-identity`,
    name: 'Service principals and managed identities',
  },
} as const satisfies Record<string, { url: string; name: string; updated?: string }>;

const namesByUrl = new Map<string, string>(Object.values(docPage).map((page) => [page.url, page.name]));

/** The readable name of a cited page; `undefined` for a URL that is not in `docPage`. */
export function docPageName(url: string): string | undefined {
  return namesByUrl.get(url);
}
