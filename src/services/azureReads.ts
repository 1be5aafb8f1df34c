import { AzureError, type AzureBackend, type Caller, type OrganizationRef, type ReadPurpose } from '../azure/ports.js';

/**
 * One "billing status" for an admin of many organizations and subscriptions fans out to a hundred Azure calls or
 * more, all on the bot's one identity. Two bounds keep a turn inside what Teams and Azure tolerate:
 *
 * - **A budget per turn.** Each caller carries when their turn started; once it has run `budgetMs`, no new Azure
 *   read starts and the turn ends with a polite "try again" (an `AzureError` of code `timeout`). Writes are never
 *   refused by the budget: a change the user confirmed is sent, and it has its own per-call budget.
 * - **Listings reused briefly per caller.** Organizations, subscriptions and user entitlements are cached per
 *   person for `cacheMs` (and concurrent identical reads share one call). Rights and billing links are not: every
 *   change re-checks them at the moment of the change. A change of a user's level drops that organization's cached
 *   entitlements for everyone, so the next price is computed from what Azure DevOps holds now.
 */
export class TurnBudget {
  constructor(private readonly options: { budgetMs: number; now: () => Date }) {}

  /**
   * Throws when the caller's turn has used its budget; a caller outside a turn (start-up, background jobs, tests)
   * has none. The start travels on the caller rather than in an AsyncLocalStorage: that would turn on Node's
   * promise hooks for every promise of every turn, a few percent of a turn's CPU.
   */
  assertTimeLeft(caller: Caller): void {
    const startedAt = caller.turnStartedAt;
    if (startedAt === undefined) return;
    if (this.options.now().getTime() - startedAt >= this.options.budgetMs) {
      throw new AzureError(
        'timeout',
        `Azure is answering slowly, so I stopped after ${Math.round(this.options.budgetMs / 1000)} seconds without changing anything. Please try again in a few minutes.`,
      );
    }
  }
}

interface CacheEntry {
  expiresAt: number;
  value: Promise<unknown>;
}

export interface AzureReadOptions {
  budget: TurnBudget;
  /** 0 turns the cache off. */
  cacheMs: number;
  now: () => Date;
  /** Entries kept at most; the oldest go first. */
  maxEntries?: number;
}

export function guardAzureReads(backend: AzureBackend, options: AzureReadOptions): AzureBackend {
  const cache = new Map<string, CacheEntry>();
  const maxEntries = options.maxEntries ?? 5_000;
  const { arm, devops } = backend;

  // Async, so a refused read is a rejected promise like any other Azure failure, never a throw from the call itself.
  const budgeted = <A extends [Caller, ...unknown[]], R>(read: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      options.budget.assertTimeLeft(args[0]);
      return read(...args);
    };

  const cached = <A extends [Caller, ...unknown[]], R>(name: string, read: (...args: A) => Promise<R>, keyOf: (...args: A) => string) =>
    async (...args: A): Promise<R> => {
      const [caller] = args;
      options.budget.assertTimeLeft(caller);
      if (options.cacheMs === 0) return read(...args);
      const key = `${name}\n${caller.tenantId}\n${caller.aadObjectId}\n${keyOf(...args)}`;
      const now = options.now().getTime();
      const hit = cache.get(key);
      if (hit && hit.expiresAt > now) return hit.value as Promise<R>;
      const value = read(...args);
      cache.delete(key);
      cache.set(key, { expiresAt: now + options.cacheMs, value });
      // A failure is not worth remembering: the next turn asks again.
      value.catch(() => {
        if (cache.get(key)?.value === value) cache.delete(key);
      });
      while (cache.size > maxEntries) cache.delete(cache.keys().next().value as string);
      return value;
    };

  const organizationKey = (_caller: Caller, organization: OrganizationRef) => organization.id.toLowerCase();
  const forgetEntitlements = (organization: OrganizationRef): void => {
    const marker = `\n${organizationKey({} as Caller, organization)}\n`;
    for (const key of [...cache.keys()]) if (key.startsWith('entitlements\n') && key.includes(marker)) cache.delete(key);
  };
  const changing = <A extends [Caller, OrganizationRef, ...unknown[]], R>(write: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await write(...args);
      } finally {
        forgetEntitlements(args[1]);
      }
    };

  return {
    kind: backend.kind,
    arm: {
      listSubscriptions: cached('subscriptions', arm.listSubscriptions.bind(arm), () => ''),
      getSubscriptionRights: budgeted(arm.getSubscriptionRights.bind(arm)),
      getBillingLink: budgeted(arm.getBillingLink.bind(arm)),
      findBillingLink: budgeted(arm.findBillingLink.bind(arm)),
      linkBilling: arm.linkBilling.bind(arm),
      removeBilling: arm.removeBilling.bind(arm),
    },
    devops: {
      getProfile: budgeted(devops.getProfile.bind(devops)),
      listOrganizations: cached(
        'organizations',
        (caller: Caller, purpose?: ReadPurpose) => devops.listOrganizations(caller, purpose),
        (_caller, purpose) => purpose ?? 'manage',
      ),
      isProjectCollectionAdmin: budgeted(devops.isProjectCollectionAdmin.bind(devops)),
      listProjectCollectionAdmins: budgeted(devops.listProjectCollectionAdmins.bind(devops)),
      listUserEntitlements: cached(
        'entitlements',
        (caller: Caller, organization: OrganizationRef, purpose?: ReadPurpose) => devops.listUserEntitlements(caller, organization, purpose),
        (caller, organization, purpose) => `${organizationKey(caller, organization)}\n${purpose ?? 'manage'}`,
      ),
      getUserEntitlement: budgeted(devops.getUserEntitlement.bind(devops)),
      addUserEntitlement: changing(devops.addUserEntitlement.bind(devops)),
      changeAccessLevel: changing(devops.changeAccessLevel.bind(devops)),
    },
  };
}
