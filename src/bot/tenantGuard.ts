import type { Activity } from 'botbuilder';

/** Teams puts the tenant on the conversation and in channelData; either is enough to identify it. */
export function tenantOf(activity: Partial<Activity>): string | undefined {
  const channelData = activity.channelData as { tenant?: { id?: string } } | undefined;
  return activity.conversation?.tenantId ?? channelData?.tenant?.id;
}

/** An empty allow-list lets every tenant in; otherwise the tenant must be listed (ids compared case-insensitively). */
export function isTenantAllowed(allowedTenants: readonly string[], tenantId: string | undefined): boolean {
  if (allowedTenants.length === 0) return true;
  return tenantId !== undefined && allowedTenants.includes(tenantId.toLowerCase());
}
