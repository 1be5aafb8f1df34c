import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { loadSandboxSeed } from '../../src/azure/sandbox/sandboxBackend.js';

type Tenant = ReturnType<typeof loadSandboxSeed>;

/** The sandbox tenant as the app stored it (one document in `sandbox-tenant.json`), read behind the app's back. */
export async function storedSandboxTenant(storageDir: string): Promise<Tenant> {
  const stored = JSON.parse(await readFile(join(storageDir, 'sandbox-tenant.json'), 'utf8')) as Record<string, { tenant: Tenant }>;
  const [document] = Object.values(stored);
  if (!document) throw new Error(`No sandbox tenant stored in ${storageDir}`);
  return document.tenant;
}

/** The access level a person holds in an organization of a tenant (sandbox store or fake server), if any. */
export function levelIn(tenant: Tenant, organizationId: string, principalName: string): string | undefined {
  const user = tenant.users.find((candidate) => candidate.principalName === principalName);
  const organization = tenant.organizations.find((candidate) => candidate.id === organizationId);
  return organization?.entitlements.find((entitlement) => entitlement.userAadObjectId === user?.aadObjectId)?.accountLicenseType;
}
