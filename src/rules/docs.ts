/**
 * Every answer cites the public page it rests on. Pages are named here once so a renamed page is a one-line fix.
 */
export type BillingDocPage =
  | 'set-up-billing-for-your-organization-vs'
  | 'change-azure-subscription'
  | 'add-backup-billing-managers'
  | 'billing-faq'
  | 'buy-basic-access-add-users'
  | 'buy-access-tfs-test-hub';

export function billingDocUrl(page: BillingDocPage): string {
  return `https://learn.microsoft.com/azure/devops/organizations/billing/${page}`;
}
