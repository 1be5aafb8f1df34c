/**
 * The resource group ARM keeps for an organization's billing resource (`Microsoft.VisualStudio/account`), named
 * after the organization's host id. Removing or moving billing leaves it behind in the old subscription, empty and
 * safe to delete.
 */
export function billingResourceGroup(organizationId: string): string {
  return `VisualStudioOnline-${organizationId.replace(/-/g, '').toUpperCase()}`;
}
