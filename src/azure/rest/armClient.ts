import type { TokenCredential } from '@azure/identity';
import pLimit from 'p-limit';
import { z } from 'zod';
import { billingResourceGroup } from '../billingResource.js';
import {
  AzureError,
  type AzureResourceManagerPort,
  type AzureSubscription,
  type BillingLink,
  type BillingLinkSearch,
  type Caller,
  type OrganizationRef,
  type SubscriptionRights,
  type SubscriptionRole,
} from '../ports.js';
import { serviceErrorCode } from './adminMessages.js';
import { ignoreNotFound, maxPages, type AzureHttp, type BodySchema, type CallContext } from './transport.js';
import { endpoint, odataString, path, sameOrigin } from './urls.js';

/** Each api-version is one Azure/azure-rest-api-specs publishes for the call; docs/design.md names the files. */
const subscriptionsApi = '2022-12-01';
const authorizationApi = '2022-04-01';
const resourcesApi = '2021-04-01';
const accountApi = '2014-04-01-preview';

const visualStudioProvider = 'Microsoft.VisualStudio';

/** Built-in role definition ids, the same in every tenant. */
const builtInRoles: Record<string, SubscriptionRole> = {
  '8e3af657-a8ff-443c-a75c-2fe8c4bcb635': 'Owner',
  'b24988ac-6180-42a0-ab88-20f7382dd24c': 'Contributor',
};

/** What Contributor lacks and Owner has. */
const roleAssignmentWrite = 'Microsoft.Authorization/roleAssignments/write';
/** What linking needs; a custom "*" role that excludes these cannot set up billing at all. */
const linkActions = ['Microsoft.VisualStudio/account/write', 'Microsoft.Resources/subscriptions/resourceGroups/write'];

/** How many subscriptions are probed at once when looking for an organization's billing resource. */
const searchConcurrency = 5;

const pageOf = <T extends z.ZodTypeAny>(item: T) =>
  z.object({ value: z.array(item), nextLink: z.string().nullish() });

const subscriptionPage = pageOf(
  z.object({
    subscriptionId: z.string(),
    displayName: z.string(),
    tenantId: z.string(),
    state: z.string(),
    subscriptionPolicies: z.object({
      quotaId: z.string(),
      spendingLimit: z.enum(['On', 'Off', 'CurrentPeriodOff']),
    }),
  }),
);

const permissionPage = pageOf(
  z.object({ actions: z.array(z.string()).default([]), notActions: z.array(z.string()).default([]) }),
);

const roleAssignmentPage = pageOf(
  z.object({ properties: z.object({ roleDefinitionId: z.string(), scope: z.string() }) }),
);

const armResource = z.object({ id: z.string() });

interface ArmPage<T> {
  value: T[];
  nextLink?: string | null | undefined;
}

export interface ResourceManagerOptions {
  http: AzureHttp;
  baseUrl: string;
  credential: (caller: Caller) => TokenCredential;
  /** Whether the caller's token is their own; see `CallerCredentials.actsAsCaller`. */
  actsAsCaller: (caller: Caller) => boolean;
  /** Azure region for the billing resource and its resource group. */
  billingLocation: string;
}

/**
 * AzureResourceManagerPort over the ARM REST API.
 *
 * Billing link: the organization's `Microsoft.VisualStudio/account` resource lives in resource group
 * `VisualStudioOnline-<ORG ID WITHOUT DASHES>`. ARM has no "which subscription pays for organization X" query, so
 * `getBillingLink` GETs that resource in every subscription the token can list (all states but Deleted: a Warned or
 * PastDue subscription still pays), a few at a time; 404 means "not here". A link in a subscription the token
 * cannot see is therefore reported as no link (with the bot's identity, the bot's reach is what counts).
 */
export class RestResourceManager implements AzureResourceManagerPort {
  constructor(private readonly options: ResourceManagerOptions) {}

  /**
   * With the caller's own token (On-Behalf-Of), ARM lists what the caller can see. With the bot's identity it lists
   * what the bot can see, which says nothing about the caller: then only subscriptions on which the caller holds Owner
   * or Contributor (role assignments by object id, as `getSubscriptionRights` reads them) are returned, so nobody is
   * shown, or offered, a subscription they could not manage in the portal.
   */
  async listSubscriptions(caller: Caller): Promise<AzureSubscription[]> {
    const all = await this.visibleSubscriptions(caller);
    if (this.options.actsAsCaller(caller)) return all;
    const limit = pLimit(searchConcurrency);
    const manages = await Promise.all(all.map((s) => limit(() => this.callerManages(caller, s.subscriptionId))));
    return all.filter((_, index) => manages[index]);
  }

  /**
   * The caller's own rights, when the token is theirs, come from the permissions API (effective actions, custom roles
   * included). Anyone else's (or the caller's when the bot uses its own identity) come from role assignments
   * `assignedTo(objectId)`, which includes assignments to groups the principal belongs to; only Owner and Contributor
   * at the subscription or above count, and custom roles are not recognised there.
   */
  async getSubscriptionRights(caller: Caller, subscriptionId: string, principalObjectId?: string): Promise<SubscriptionRights> {
    const principal = principalObjectId ?? caller.aadObjectId;
    const role =
      principal === caller.aadObjectId && this.options.actsAsCaller(caller)
        ? await this.ownRole(caller, subscriptionId)
        : await this.assignedRole(caller, subscriptionId, principal);
    return { subscriptionId, principalObjectId: principal, role };
  }

  async getBillingLink(caller: Caller, organization: OrganizationRef): Promise<BillingLink | null> {
    return (await this.findBillingLink(caller, organization)).link;
  }

  /**
   * Searches every subscription the token can see, not the caller-scoped `listSubscriptions`: a link in a
   * subscription the caller has no role on must still read as "linked" (to someone else's subscription), or a "link"
   * would silently move billing away from it without the change-rights check that a move gets. A subscription where
   * ARM refuses the read (403: a role on one resource group only, or a deny assignment) is skipped and reported, not
   * allowed to stop the search.
   */
  async findBillingLink(caller: Caller, organization: OrganizationRef): Promise<BillingLinkSearch> {
    const candidates = (await this.visibleSubscriptions(caller)).filter((s) => s.state !== 'Deleted');
    const uncheckedSubscriptionIds: string[] = [];
    for (let start = 0; start < candidates.length; start += searchConcurrency) {
      const batch = candidates.slice(start, start + searchConcurrency);
      const found = await Promise.all(batch.map((s) => this.readLink(caller, organization, s.subscriptionId)));
      const link = found.find((candidate): candidate is BillingLink => candidate !== null && candidate !== 'forbidden');
      if (link) return { link, uncheckedSubscriptionIds: [] };
      batch.forEach((s, index) => {
        if (found[index] === 'forbidden') uncheckedSubscriptionIds.push(s.subscriptionId);
      });
    }
    return { link: null, uncheckedSubscriptionIds };
  }

  /**
   * Creates the resource group only when it is missing: a PUT on an existing group in another region fails
   * (InvalidResourceGroupLocation), and an admin may have created it by hand. Moving billing is the same PUT in the
   * new subscription; the old subscription keeps its resource group, as with the portal.
   */
  async linkBilling(caller: Caller, organization: OrganizationRef, subscriptionId: string): Promise<BillingLink> {
    const resourceGroup = billingResourceGroup(organization.id);
    const context: CallContext = {
      action: `link ${organization.name} to subscription ${subscriptionId} for billing`,
      requires: `Owner or Contributor on subscription ${subscriptionId} and Project Collection Administrator in ${organization.name}`,
    };
    await this.ensureResourceGroup(caller, subscriptionId, resourceGroup, context);
    const putLink = () =>
      this.options.http.send({
        method: 'PUT',
        url: this.accountUrl(subscriptionId, resourceGroup, organization.name),
        credential: this.options.credential(caller),
        body: { location: this.options.billingLocation, operationType: 'link', properties: {} },
        context,
      });
    try {
      await putLink();
    } catch (error) {
      if (!isMissingRegistration(error)) throw error;
      await this.registerVisualStudioProvider(caller, subscriptionId);
      try {
        await putLink();
      } catch (retryError) {
        if (isMissingRegistration(retryError)) throw registrationPending(subscriptionId, retryError);
        throw retryError;
      }
    }
    return { organizationId: organization.id, organizationName: organization.name, subscriptionId, resourceGroup };
  }

  /**
   * A subscription that never held a `Microsoft.VisualStudio` resource may not have the provider registered, and ARM
   * then refuses the link with `MissingSubscriptionRegistration`. Registering is the documented fix (Providers_Register)
   * and needs the subscription-wide `register/action` permission, which Owner and Contributor include.
   */
  private async registerVisualStudioProvider(caller: Caller, subscriptionId: string): Promise<void> {
    try {
      await this.options.http.send({
        method: 'POST',
        url: endpoint(this.options.baseUrl, path`/subscriptions/${subscriptionId}/providers/${visualStudioProvider}/register`, {
          'api-version': resourcesApi,
        }),
        credential: this.options.credential(caller),
        // Registering twice registers once.
        idempotent: true,
        context: {
          action: `register the ${visualStudioProvider} resource provider on subscription ${subscriptionId}`,
          requires: `Owner or Contributor on subscription ${subscriptionId}`,
        },
      });
    } catch (error) {
      if (!(error instanceof AzureError)) throw error;
      throw new AzureError(
        error.code,
        `${error.message} ${registrationFix(subscriptionId)}`,
        error.detail,
      );
    }
  }

  /** Like ARM's DELETE, removing a link that is not there succeeds. */
  async removeBilling(caller: Caller, organization: OrganizationRef): Promise<void> {
    const link = await this.getBillingLink(caller, organization);
    if (!link) return;
    await ignoreNotFound(
      this.options.http.send({
        method: 'DELETE',
        url: this.accountUrl(link.subscriptionId, link.resourceGroup, organization.name),
        credential: this.options.credential(caller),
        context: {
          action: `remove billing for ${organization.name} from subscription ${link.subscriptionId}`,
          requires: `Owner or Contributor on subscription ${link.subscriptionId} and Project Collection Administrator in ${organization.name}`,
        },
      }),
    );
  }

  /** Every subscription the token (the caller's, or the bot's) can list, every page. */
  private async visibleSubscriptions(caller: Caller): Promise<AzureSubscription[]> {
    const rows = await this.pages(caller, endpoint(this.options.baseUrl, '/subscriptions', { 'api-version': subscriptionsApi }), subscriptionPage, {
      action: 'list your Azure subscriptions',
      requires: 'access to at least one Azure subscription',
    });
    return rows.map((row) => ({
      subscriptionId: row.subscriptionId,
      displayName: row.displayName,
      tenantId: row.tenantId,
      state: row.state,
      quotaId: row.subscriptionPolicies.quotaId,
      spendingLimit: row.subscriptionPolicies.spendingLimit,
    }));
  }

  /** A subscription whose role assignments the bot may not read (or that vanished meanwhile) is not the caller's. */
  private async callerManages(caller: Caller, subscriptionId: string): Promise<boolean> {
    try {
      const role = await this.assignedRole(caller, subscriptionId, caller.aadObjectId);
      return role === 'Owner' || role === 'Contributor';
    } catch (error) {
      if (error instanceof AzureError && (error.code === 'forbidden' || error.code === 'not_found')) return false;
      throw error;
    }
  }

  private async ownRole(caller: Caller, subscriptionId: string): Promise<SubscriptionRole> {
    const url = endpoint(this.options.baseUrl, path`/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/permissions`, {
      'api-version': authorizationApi,
    });
    let permissions: { actions: string[]; notActions: string[] }[];
    try {
      permissions = await this.pages(caller, url, permissionPage, {
        action: `read your permissions on subscription ${subscriptionId}`,
        requires: `at least Reader on subscription ${subscriptionId}`,
        notFound: `Subscription ${subscriptionId} was not found, or you cannot see it.`,
      });
    } catch (error) {
      // The subscription-scope permissions call is outside the published spec (docs/design.md): if ARM ever refuses
      // it as a request, the admin still needs a way to see their rights.
      if (error instanceof AzureError && error.code === 'invalid_request') {
        throw new AzureError(
          'invalid_request',
          `${error.message} Check your role in the Azure portal instead: open subscription ${subscriptionId} > ` +
            'Access control (IAM) > Check access; linking billing needs Owner or Contributor.',
          error.detail,
        );
      }
      throw error;
    }
    return roleFromPermissions(permissions);
  }

  private async assignedRole(caller: Caller, subscriptionId: string, principal: string): Promise<SubscriptionRole> {
    const url = endpoint(this.options.baseUrl, path`/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleAssignments`, {
      'api-version': authorizationApi,
      $filter: `assignedTo(${odataString(principal)})`,
    });
    const assignments = await this.pages(caller, url, roleAssignmentPage, {
      action: `read role assignments on subscription ${subscriptionId}`,
      requires: `at least Reader on subscription ${subscriptionId}`,
      notFound: `Subscription ${subscriptionId} was not found, or the bot cannot see it.`,
    });
    const roles = assignments
      .filter((a) => coversSubscription(a.properties.scope, subscriptionId))
      .map((a) => builtInRoles[lastSegment(a.properties.roleDefinitionId)] ?? 'None');
    return strongest(roles);
  }

  /** The link in one subscription; null when it is not there; `forbidden` when ARM will not let the caller look. */
  private async readLink(
    caller: Caller,
    organization: OrganizationRef,
    subscriptionId: string,
  ): Promise<BillingLink | null | 'forbidden'> {
    const resourceGroup = billingResourceGroup(organization.id);
    try {
      const response = await ignoreNotFound(
        this.options.http.json(
          {
            method: 'GET',
            url: this.accountUrl(subscriptionId, resourceGroup, organization.name),
            credential: this.options.credential(caller),
            context: {
              action: `look for the billing of ${organization.name} in subscription ${subscriptionId}`,
              requires: `at least Reader on subscription ${subscriptionId}`,
            },
          },
          armResource,
        ),
      );
      return response
        ? { organizationId: organization.id, organizationName: organization.name, subscriptionId, resourceGroup }
        : null;
    } catch (error) {
      if (error instanceof AzureError && error.code === 'forbidden') return 'forbidden';
      throw error;
    }
  }

  private async ensureResourceGroup(caller: Caller, subscriptionId: string, resourceGroup: string, context: CallContext): Promise<void> {
    const url = endpoint(this.options.baseUrl, path`/subscriptions/${subscriptionId}/resourcegroups/${resourceGroup}`, {
      'api-version': resourcesApi,
    });
    const credential = this.options.credential(caller);
    const existing = await ignoreNotFound(this.options.http.json({ method: 'GET', url, credential, context }, armResource));
    if (existing) return;
    await this.options.http.send({ method: 'PUT', url, credential, body: { location: this.options.billingLocation }, context });
  }

  private accountUrl(subscriptionId: string, resourceGroup: string, organizationName: string): string {
    return endpoint(
      this.options.baseUrl,
      path`/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.VisualStudio/account/${organizationName}`,
      { 'api-version': accountApi },
    );
  }

  /** Follows `nextLink` (absolute) on the configured host only, so a response cannot send the caller's token elsewhere. */
  private async pages<T>(
    caller: Caller,
    firstUrl: string,
    schema: BodySchema<ArmPage<T>>,
    context: CallContext,
  ): Promise<T[]> {
    const credential = this.options.credential(caller);
    const items: T[] = [];
    const visited = new Set<string>();
    let url: string | undefined = firstUrl;
    while (url !== undefined) {
      if (visited.size >= maxPages) {
        throw new AzureError(
          'unavailable',
          `Azure Resource Manager kept sending more pages (over ${maxPages}) while the bot was trying to ${context.action}; the bot stopped reading. Try again later.`,
          { url },
        );
      }
      visited.add(url);
      const { body }: { body: ArmPage<T> } = await this.options.http.json({ method: 'GET', url, credential, context }, schema);
      items.push(...body.value);
      url = body.nextLink ? this.nextPage(body.nextLink, visited, context) : undefined;
    }
    return items;
  }

  private nextPage(nextLink: string, visited: Set<string>, context: CallContext): string {
    if (!sameOrigin(nextLink, this.options.baseUrl)) {
      throw new AzureError(
        'unavailable',
        `Azure Resource Manager pointed the bot to another host for the rest of the answer while it was trying to ${context.action}; the bot does not follow it.`,
        { url: nextLink },
      );
    }
    if (visited.has(nextLink)) {
      throw new AzureError('unavailable', `Azure Resource Manager repeated a page while the bot was trying to ${context.action}.`, {
        url: nextLink,
      });
    }
    return nextLink;
  }
}


function isMissingRegistration(error: unknown): error is AzureError {
  return error instanceof AzureError && serviceErrorCode(error) === 'MissingSubscriptionRegistration';
}

function registrationFix(subscriptionId: string): string {
  return (
    `An Owner or Contributor of the subscription can register it with one command: ` +
    `az provider register --namespace ${visualStudioProvider} --subscription ${subscriptionId}`
  );
}

/** Registration is asynchronous: ARM may keep refusing for a few minutes after the register call was accepted. */
function registrationPending(subscriptionId: string, error: AzureError): AzureError {
  return new AzureError(
    'conflict',
    `Azure is still registering the ${visualStudioProvider} resource provider on subscription ${subscriptionId}, ` +
      'which can take a few minutes. Nothing was linked; try again shortly.',
    error.detail,
  );
}

/** Owner: `*` with nothing taken away that matters; Contributor: `*` minus role-assignment writes. */
export function roleFromPermissions(permissions: { actions: string[]; notActions: string[] }[]): SubscriptionRole {
  return strongest(
    permissions.map(({ actions, notActions }) => {
      const excluded = (action: string) => notActions.some((pattern) => actionMatches(pattern, action));
      if (!actions.includes('*') || linkActions.some(excluded)) return 'None';
      return excluded(roleAssignmentWrite) ? 'Contributor' : 'Owner';
    }),
  );
}

/** ARM action patterns: `*` matches any run of characters, case-insensitively. */
function actionMatches(pattern: string, action: string): boolean {
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`, 'i').test(action);
}

function strongest(roles: SubscriptionRole[]): SubscriptionRole {
  if (roles.includes('Owner')) return 'Owner';
  return roles.includes('Contributor') ? 'Contributor' : 'None';
}

/** Assignments at the subscription, a management group or the root apply to it; ones on a resource group do not. */
function coversSubscription(scope: string, subscriptionId: string): boolean {
  const normalized = scope.toLowerCase().replace(/\/+$/, '');
  return (
    normalized === '' ||
    normalized === `/subscriptions/${subscriptionId.toLowerCase()}` ||
    normalized.startsWith('/providers/microsoft.management/managementgroups/')
  );
}

function lastSegment(resourceId: string): string {
  return (resourceId.split('/').pop() ?? '').toLowerCase();
}
