import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ZodIssue } from 'zod';
import { projectRoot } from '../../paths.js';
import { sandboxSeedSchema, type SandboxSeed } from './seedSchema.js';

/** Resolved from the project root because the same code runs from `src/` (tests) and `dist/src/` (compiled). */
export const defaultSeedPath = join(projectRoot, 'src/azure/sandbox/sandbox-tenant.json');

/** A seed that cannot be used, with every problem found, so one edit-and-retry fixes them all. */
export class SandboxSeedError extends Error {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`Sandbox seed ${source} is invalid:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'SandboxSeedError';
  }
}

/** Reads and validates the demo tenant; the error names the file and each bad field. */
export function loadSandboxSeed(path: string = defaultSeedPath): SandboxSeed {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new SandboxSeedError(path, [`cannot be read: ${error instanceof Error ? error.message : String(error)}`]);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new SandboxSeedError(path, [`is not JSON: ${error instanceof Error ? error.message : String(error)}`]);
  }
  const parsed = sandboxSeedSchema.safeParse(json);
  if (!parsed.success) throw new SandboxSeedError(path, parsed.error.issues.map(describeIssue));
  const problems = seedReferenceProblems(parsed.data);
  if (problems.length > 0) throw new SandboxSeedError(path, problems);
  return parsed.data;
}

/**
 * Cross-references the schema cannot express. A dangling id would otherwise surface much later as a user who
 * silently holds no role or an organization billed to nothing.
 */
export function seedReferenceProblems(seed: SandboxSeed): string[] {
  const problems: string[] = [];
  const tenants = new Set(seed.tenants.map((tenant) => tenant.id));
  const users = new Set(seed.users.map((user) => user.aadObjectId));
  const subscriptions = new Set(seed.subscriptions.map((subscription) => subscription.subscriptionId));

  duplicates(seed.tenants.map((tenant) => tenant.id)).forEach((id) => problems.push(`tenants: duplicate id ${id}`));
  duplicates(seed.users.map((user) => user.aadObjectId)).forEach((id) => problems.push(`users: duplicate aadObjectId ${id}`));
  duplicates(seed.users.map((user) => user.principalName.toLowerCase())).forEach((name) =>
    problems.push(`users: duplicate principalName ${name}`),
  );
  duplicates(seed.subscriptions.map((subscription) => subscription.subscriptionId)).forEach((id) =>
    problems.push(`subscriptions: duplicate subscriptionId ${id}`),
  );
  duplicates(seed.organizations.map((org) => org.id)).forEach((id) => problems.push(`organizations: duplicate id ${id}`));
  duplicates(seed.organizations.map((org) => org.name.toLowerCase())).forEach((name) =>
    problems.push(`organizations: duplicate name ${name}`),
  );

  const requireUser = (id: string, where: string): void => {
    if (!users.has(id)) problems.push(`${where}: unknown user ${id}`);
  };
  const requireTenant = (id: string, where: string): void => {
    if (!tenants.has(id)) problems.push(`${where}: unknown tenant ${id}`);
  };

  requireUser(seed.defaultUser, 'defaultUser');
  seed.users.forEach((user, i) => requireTenant(user.tenantId, `users[${i}].tenantId`));
  for (const [alias, target] of Object.entries(seed.identityAliases)) requireUser(target, `identityAliases.${alias}`);
  seed.subscriptions.forEach((subscription, i) => {
    requireTenant(subscription.tenantId, `subscriptions[${i}].tenantId`);
    Object.keys(subscription.roles).forEach((id) => requireUser(id, `subscriptions[${i}].roles`));
    subscription.visibleTo.forEach((id, j) => requireUser(id, `subscriptions[${i}].visibleTo[${j}]`));
  });
  seed.organizations.forEach((org, i) => {
    requireTenant(org.tenantId, `organizations[${i}].tenantId`);
    org.projectCollectionAdmins.forEach((id, j) => requireUser(id, `organizations[${i}].projectCollectionAdmins[${j}]`));
    if (org.billing && !subscriptions.has(org.billing.subscriptionId)) {
      problems.push(`organizations[${i}].billing.subscriptionId: unknown subscription ${org.billing.subscriptionId}`);
    }
    org.entitlements.forEach((entitlement, j) =>
      requireUser(entitlement.userAadObjectId, `organizations[${i}].entitlements[${j}].userAadObjectId`),
    );
    duplicates(org.entitlements.map((entitlement) => entitlement.userAadObjectId)).forEach((id) =>
      problems.push(`organizations[${i}].entitlements: user ${id} listed twice`),
    );
  });
  return problems;
}

function describeIssue(issue: ZodIssue): string {
  const path = issue.path.reduce<string>(
    (text, part) => (typeof part === 'number' ? `${text}[${part}]` : text ? `${text}.${part}` : part),
    '',
  );
  return `${path || '(top level)'}: ${issue.message}`;
}

function duplicates(values: string[]): string[] {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const value of values) {
    if (seen.has(value)) repeated.add(value);
    seen.add(value);
  }
  return [...repeated];
}
