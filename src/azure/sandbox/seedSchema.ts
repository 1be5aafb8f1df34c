import { z } from 'zod';

/**
 * The demo tenant's shape. The sandbox backend serves it through the ports, and the fake Azure servers used by the
 * REST contract tests serve the same data over HTTP, so one set of dialog tests runs against both backends.
 */
const id = z.string().min(1);

export const sandboxUserSchema = z.object({
  aadObjectId: id,
  displayName: z.string().min(1),
  principalName: z.string().email(),
  tenantId: id,
  /** Service principals and managed identities hold access levels too; multi-organization billing charges them per organization. */
  kind: z.enum(['user', 'servicePrincipal']).default('user'),
});

export const sandboxSubscriptionSchema = z.object({
  subscriptionId: id,
  displayName: z.string().min(1),
  tenantId: id,
  state: z.string().min(1),
  quotaId: z.string().min(1),
  spendingLimit: z.enum(['On', 'Off', 'CurrentPeriodOff']),
  /** aadObjectId → role. Users not listed hold no billing-relevant role (Reader or nothing). */
  roles: z.record(id, z.enum(['Owner', 'Contributor'])),
  /** Users who can see the subscription in their list (role holders see it too). */
  visibleTo: z.array(id).default([]),
  /**
   * One free grant and one charge per person for every organization billed here (Organization settings > Billing >
   * Configure user billing). A property of the subscription: it combines the organizations that share it.
   */
  multiOrganizationBilling: z.boolean().default(false),
});

export const sandboxEntitlementSchema = z.object({
  userAadObjectId: id,
  accountLicenseType: z.enum(['none', 'stakeholder', 'express', 'advanced', 'professional', 'earlyAdopter']),
  /** `gitHub`: a GitHub Enterprise Cloud user, detected at sign-in and given Basic at no charge. */
  licensingSource: z.enum(['none', 'account', 'msdn', 'profile', 'auto', 'trial', 'gitHub']),
  msdnLicenseType: z.enum(['none', 'eligible', 'professional', 'platforms', 'testProfessional', 'premium', 'ultimate', 'enterprise']),
  assignmentSource: z.enum(['none', 'unknown', 'groupRule']),
  status: z.string().default('active'),
  lastAccessedDate: z.string().optional(),
  /** With `assignmentSource: groupRule`: the display name of the group whose rule gives the level. */
  groupRule: z.string().optional(),
});

export const sandboxOrganizationSchema = z.object({
  id,
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,48}$/),
  tenantId: id,
  projectCollectionAdmins: z.array(id),
  billing: z.object({ subscriptionId: id, linkedAt: z.string() }).nullable(),
  entitlements: z.array(sandboxEntitlementSchema),
});

export const sandboxSeedSchema = z.object({
  tenants: z.array(z.object({ id, name: z.string().min(1) })).min(1),
  users: z.array(sandboxUserSchema).min(1),
  /**
   * Identities from outside the seed (the Agents Playground's default users, a real Teams tenant trying the
   * sandbox) → the seed user they act as. Callers matching nothing act as `defaultUser`.
   */
  identityAliases: z.record(id, id).default({}),
  defaultUser: id,
  subscriptions: z.array(sandboxSubscriptionSchema),
  organizations: z.array(sandboxOrganizationSchema).min(1),
});

export type SandboxSeed = z.infer<typeof sandboxSeedSchema>;
export type SandboxUser = z.infer<typeof sandboxUserSchema>;
export type SandboxSubscription = z.infer<typeof sandboxSubscriptionSchema>;
export type SandboxOrganization = z.infer<typeof sandboxOrganizationSchema>;
export type SandboxEntitlement = z.infer<typeof sandboxEntitlementSchema>;
