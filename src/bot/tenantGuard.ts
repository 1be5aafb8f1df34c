/** An empty allow-list lets every tenant in; otherwise the tenant must be listed (ids compared case-insensitively). */
export function isTenantAllowed(allowedTenants: readonly string[], tenantId: string | undefined): boolean {
  if (allowedTenants.length === 0) return true;
  return tenantId !== undefined && allowedTenants.includes(tenantId.toLowerCase());
}
