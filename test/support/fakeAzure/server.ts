import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AccessToken, TokenCredential } from '@azure/identity';
import type { Caller } from '../../../src/azure/ports.js';
import type { RestBackendOptions } from '../../../src/azure/rest/backend.js';
import type {
  SandboxEntitlement,
  SandboxOrganization,
  SandboxSeed,
  SandboxSubscription,
  SandboxUser,
} from '../../../src/azure/sandbox/seedSchema.js';
import { readBody, record, send, type RecordedRequest, type Reply } from './scriptedServer.js';

/**
 * A stateful stand-in for ARM + Azure DevOps (vssps, Graph, vsaex) on one local port, serving a SandboxSeed.
 *
 * Tokens are `fake:<aadObjectId>:<audience>` (audience `arm` or `devops`), issued by `fakeCredentialFor`, or
 * `obo:<aadObjectId>:<audience>:<n>`, issued by the fake Entra (test/support/fakeIdentity) for an On-Behalf-Of exchange;
 * a token for the wrong API is refused like a real audience mismatch. Callers resolve like the sandbox resolves them (seed user,
 * then `identityAliases`, then `defaultUser`), and refusals follow the sandbox's order (role, administrator, tenant,
 * state, Free Trial, spending limit), so one dialog test can run against both backends.
 * Aliases apply wherever the fake receives an object id (the token, an `assignedTo` filter). A comparison the client
 * makes itself cannot see them: the administrator check matches Graph members' `originId`, which is the seed user's own
 * id, against the caller's. Tests of that check over the REST backend should act as seed users.
 * Azure DevOps ids are not Entra object ids: a user's Azure DevOps id (profile id, entitlement id, Graph storage key)
 * is derived from the object id, as the real service keeps its own.
 */

export interface FakeAzureOptions {
  /** Items per page for subscriptions, Graph groups and user entitlements; small, so paging is exercised. */
  pageSize?: number;
  /**
   * Access-level fields reported for a user (by Entra object id) in place of the seed's: values the demo tenant cannot
   * hold, such as the 7.2 spec's `licensingSource: "gitHub"` with `gitHubLicenseType`, or a value no spec lists yet.
   */
  reportedAccessLevels?: Record<string, Record<string, string>>;
  /**
   * Subscription id → users whose only role there is on some resource group: they see the subscription in their list,
   * and ARM answers 403 AuthorizationFailed to any subscription-wide read (the billing resource, role assignments).
   */
  resourceGroupOnlyAccess?: Record<string, string[]>;
  /** Subscriptions where `Microsoft.VisualStudio` was never registered: linking there fails until it is. */
  unregisteredVisualStudio?: string[];
  /** Registration is accepted but stays `Registering` (ARM registers asynchronously). */
  registrationStaysPending?: boolean;
  /**
   * Groups inside an organization's collection groups, as Azure DevOps nests them: an Entra group (`aadgp.`) or an
   * Azure DevOps group (`vssgp.`) that is a member of the groups named in `memberOf` (a collection group such as
   * "Project Collection Administrators", or another nested group; cycles allowed), holding `users` (Entra object ids).
   */
  nestedGroups?: NestedGroup[];
}

export interface NestedGroup {
  organization: string;
  displayName: string;
  origin: 'aad' | 'vsts';
  memberOf: string[];
  users: string[];
}

export interface FakeRequest extends RecordedRequest {
  status: number;
  /** The seed user the token resolved to, when it did. */
  caller?: string;
}

export interface FakeAzure {
  baseUrl: string;
  requests: FakeRequest[];
  /** A copy of the current state: what the portals would show now. */
  snapshot(): SandboxSeed;
  /** Options pointing every REST base URL here, with fast retries. */
  backendOptions(): RestBackendOptions;
  close(): Promise<void>;
}

type Audience = 'arm' | 'devops';

/**
 * What each published spec names (Azure/azure-rest-api-specs, MicrosoftDocs/vsts-rest-api-specs 7.1): the fake refuses
 * any other api-version, as the services refuse one they do not serve.
 */
const apiVersions = {
  subscriptions: '2022-12-01',
  authorization: '2022-04-01',
  resources: '2021-04-01',
  account: '2014-04-01-preview',
  profile: '7.1',
  accounts: '7.1',
  graphDescriptors: '7.1',
  graph: '7.1-preview.1',
  entitlements: '7.1',
} as const;

const roleDefinitionIds = {
  Owner: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
  Contributor: 'b24988ac-6180-42a0-ab88-20f7382dd24c',
  Reader: 'acdd72a7-3385-48ef-bd42-f606fba81ae7',
} as const;

/** What the permissions API reports for the built-in roles (Contributor's list shortened to what matters). */
const permissionsByRole = {
  Owner: [{ actions: ['*'], notActions: [], dataActions: [], notDataActions: [] }],
  Contributor: [
    {
      actions: ['*'],
      notActions: [
        'Microsoft.Authorization/*/Delete',
        'Microsoft.Authorization/*/Write',
        'Microsoft.Authorization/elevateAccess/Action',
        'Microsoft.Blueprint/blueprintAssignments/write',
        'Microsoft.Blueprint/blueprintAssignments/delete',
      ],
      dataActions: [],
      notDataActions: [],
    },
  ],
  Reader: [{ actions: ['*/read'], notActions: [], dataActions: [], notDataActions: [] }],
} as const;

const tenantProperty = 'Microsoft.VisualStudio.Services.Account.TenantId';
const freeTrialQuotaId = 'FreeTrial_2014-09-01';
const neverSignedIn = '0001-01-01T00:00:00Z';
const assignableLevels = ['stakeholder', 'express', 'advanced'];

/** A TokenCredential whose tokens the fake recognises as `caller`. */
export function fakeCredentialFor(caller: Caller): TokenCredential {
  return {
    async getToken(scopes: string | string[]): Promise<AccessToken> {
      const scope = Array.isArray(scopes) ? (scopes[0] ?? '') : scopes;
      return { token: `fake:${caller.aadObjectId}:${audienceOf(scope)}`, expiresOnTimestamp: Date.now() + 3_600_000 };
    },
  };
}

export async function startFakeAzure(seed: SandboxSeed, options: FakeAzureOptions = {}): Promise<FakeAzure> {
  const state = new FakeState(structuredClone(seed), options.pageSize ?? 2, options);
  const requests: FakeRequest[] = [];
  const server = createServer((req, res) => void handle(state, requests, req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  state.baseUrl = `http://127.0.0.1:${port}`;
  return {
    baseUrl: state.baseUrl,
    requests,
    snapshot: () => structuredClone(state.tenant),
    backendOptions: () => ({
      credential: fakeCredentialFor,
      actsAsCaller: () => true,
      armBaseUrl: state.baseUrl,
      vsspsBaseUrl: state.baseUrl,
      graphBaseUrl: state.baseUrl,
      vsaexBaseUrl: state.baseUrl,
      timeoutMs: 5_000,
      maxAttempts: 2,
      retryDelayMs: 10,
    }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

// ---- plumbing ----

/** A refusal in the service's own error format. */
class Refusal extends Error {
  constructor(readonly reply: Reply) {
    super(`HTTP ${reply.status}`);
  }
}

function armError(status: number, code: string, message: string): Refusal {
  return new Refusal({ status, body: { error: { code, message } } });
}

function devOpsError(status: number, message: string, typeKey = 'VssServiceException'): Refusal {
  return new Refusal({ status, body: { $id: '1', message, typeKey, errorCode: 0, eventId: 3000 } });
}

interface Route {
  method: string;
  pattern: RegExp;
  audience: Audience;
  apiVersion: string;
  handle(context: RouteContext): Reply;
}

interface RouteContext {
  state: FakeState;
  request: RecordedRequest;
  caller: SandboxUser;
  /** Decoded path parameters, in pattern order. */
  params: string[];
}

async function handle(state: FakeState, requests: FakeRequest[], req: IncomingMessage, res: ServerResponse): Promise<void> {
  const request = record(req, await readBody(req));
  const logged: FakeRequest = { ...request, status: 0 };
  requests.push(logged);
  let reply: Reply;
  try {
    reply = route(state, request, logged);
  } catch (error) {
    // A bug in the fake still answers (500, with the reason) rather than leaving the client waiting.
    reply = error instanceof Refusal ? error.reply : { status: 500, body: { message: String(error) } };
  }
  logged.status = reply.status;
  send(res, reply);
}

function route(state: FakeState, request: RecordedRequest, logged: FakeRequest): Reply {
  const candidates = routes.filter((r) => r.pattern.test(request.path));
  const match = candidates.find((r) => r.method === request.method);
  if (!match) {
    if (candidates.length > 0) throw new Refusal({ status: 405, body: { message: `${request.method} is not supported here` } });
    throw new Refusal({ status: 404, body: { message: `No fake route for ${request.method} ${request.path}` } });
  }
  const caller = state.authenticate(request, match.audience);
  logged.caller = caller.aadObjectId;
  if (request.query['api-version'] !== match.apiVersion) {
    const message = `api-version ${request.query['api-version'] ?? '(missing)'} is not supported here; use ${match.apiVersion}.`;
    throw match.audience === 'arm' ? armError(400, 'InvalidApiVersionParameter', message) : devOpsError(400, message);
  }
  const params = (match.pattern.exec(request.path) ?? []).slice(1).map((p) => decodeURIComponent(p));
  return match.handle({ state, request, caller, params });
}

const segment = '([^/]+)';
const arm = (method: string, path: string, apiVersion: string, handle: Route['handle']): Route => ({
  method,
  pattern: new RegExp(`^${path}$`, 'i'),
  audience: 'arm',
  apiVersion,
  handle,
});
const devops = (method: string, path: string, apiVersion: string, handle: Route['handle']): Route => ({
  method,
  pattern: new RegExp(`^${path}$`, 'i'),
  audience: 'devops',
  apiVersion,
  handle,
});

const subscriptionPath = `/subscriptions/${segment}`;
const accountPath = `${subscriptionPath}/resourceGroups/${segment}/providers/Microsoft\\.VisualStudio/account/${segment}`;
const graphPath = `/${segment}/_apis/graph`;
const entitlementsPath = `/${segment}/_apis/userentitlements`;

const routes: Route[] = [
  arm('GET', '/subscriptions', apiVersions.subscriptions, (c) => c.state.listSubscriptions(c)),
  arm('GET', `${subscriptionPath}/providers/Microsoft\\.Authorization/permissions`, apiVersions.authorization, (c) =>
    c.state.permissions(c),
  ),
  arm('GET', `${subscriptionPath}/providers/Microsoft\\.Authorization/roleAssignments`, apiVersions.authorization, (c) =>
    c.state.roleAssignments(c),
  ),
  arm('GET', `${subscriptionPath}/resourcegroups/${segment}`, apiVersions.resources, (c) => c.state.getResourceGroup(c)),
  arm('PUT', `${subscriptionPath}/resourcegroups/${segment}`, apiVersions.resources, (c) => c.state.putResourceGroup(c)),
  arm('POST', `${subscriptionPath}/providers/${segment}/register`, apiVersions.resources, (c) => c.state.registerProvider(c)),
  arm('GET', accountPath, apiVersions.account, (c) => c.state.getAccount(c)),
  arm('PUT', accountPath, apiVersions.account, (c) => c.state.putAccount(c)),
  arm('DELETE', accountPath, apiVersions.account, (c) => c.state.deleteAccount(c)),
  devops('GET', '/_apis/profile/profiles/me', apiVersions.profile, (c) => c.state.profile(c)),
  devops('GET', '/_apis/accounts', apiVersions.accounts, (c) => c.state.accounts(c)),
  devops('GET', `${graphPath}/descriptors/${segment}`, apiVersions.graphDescriptors, (c) => c.state.descriptor(c)),
  devops('GET', `${graphPath}/groups`, apiVersions.graph, (c) => c.state.groups(c)),
  devops('GET', `${graphPath}/memberships/${segment}`, apiVersions.graph, (c) => c.state.memberships(c)),
  devops('POST', `${graphPath}/subjectlookup`, apiVersions.graph, (c) => c.state.subjectLookup(c)),
  devops('GET', entitlementsPath, apiVersions.entitlements, (c) => c.state.listEntitlements(c)),
  devops('POST', entitlementsPath, apiVersions.entitlements, (c) => c.state.addEntitlement(c)),
  devops('GET', `${entitlementsPath}/${segment}`, apiVersions.entitlements, (c) => c.state.getEntitlement(c)),
  devops('PATCH', `${entitlementsPath}/${segment}`, apiVersions.entitlements, (c) => c.state.patchEntitlement(c)),
];

// ---- the simulated services ----

class FakeState {
  baseUrl = '';
  /** Existing resource groups: lower-cased `subscriptionId/name` → location. */
  private readonly resourceGroups = new Map<string, string>();
  /** Lower-cased subscription ids where `Microsoft.VisualStudio` is not registered. */
  private readonly unregistered: Set<string>;

  constructor(
    readonly tenant: SandboxSeed,
    private readonly pageSize: number,
    private readonly options: FakeAzureOptions,
  ) {
    this.unregistered = new Set((options.unregisteredVisualStudio ?? []).map((id) => id.toLowerCase()));
    for (const org of tenant.organizations) {
      if (org.billing) this.resourceGroups.set(rgKey(org.billing.subscriptionId, billingResourceGroup(org.id)), 'centralus');
    }
  }

  authenticate(request: RecordedRequest, audience: Audience): SandboxUser {
    // `obo:` tokens are the user's, issued by the fake Entra for an On-Behalf-Of exchange.
    const match = /^Bearer (?:fake|obo):([^:]+):(arm|devops)(?::\d+)?$/.exec(request.headers.authorization ?? '');
    if (!match) {
      throw audience === 'arm'
        ? armError(401, 'AuthenticationFailed', 'Authentication failed. The Authorization header is missing or invalid.')
        : devOpsError(401, 'TF400813: The user is not authorized to access this resource.', 'UnauthorizedRequestException');
    }
    if (match[2] !== audience) {
      throw audience === 'arm'
        ? armError(401, 'InvalidAuthenticationTokenAudience', 'The access token has been obtained for the wrong audience or resource.')
        : devOpsError(401, 'TF400813: The token was issued for another resource.', 'UnauthorizedRequestException');
    }
    return this.userFor(match[1] ?? '');
  }

  // ---- ARM ----

  listSubscriptions({ request, caller }: RouteContext): Reply {
    const visible = this.tenant.subscriptions.filter(
      (s) => canSee(s, caller.aadObjectId) || this.resourceGroupOnly(s, caller.aadObjectId),
    );
    const start = Number(request.query.$skiptoken ?? 0);
    const page = visible.slice(start, start + this.pageSize);
    const next = start + this.pageSize;
    return ok({
      value: page.map((s) => ({
        id: `/subscriptions/${s.subscriptionId}`,
        authorizationSource: 'RoleBased',
        subscriptionId: s.subscriptionId,
        tenantId: s.tenantId,
        displayName: s.displayName,
        state: s.state,
        subscriptionPolicies: { locationPlacementId: 'Public_2014-09-01', quotaId: s.quotaId, spendingLimit: s.spendingLimit },
      })),
      ...(next < visible.length
        ? { nextLink: `${this.baseUrl}/subscriptions?api-version=${apiVersions.subscriptions}&$skiptoken=${next}` }
        : {}),
    });
  }

  permissions({ params, caller }: RouteContext): Reply {
    const subscription = this.subscription(params[0]);
    // The permissions call answers what the caller may do at that scope: nothing, for a role on one resource group.
    if (this.resourceGroupOnly(subscription, caller.aadObjectId)) return ok({ value: [] });
    this.readableSubscription(params[0], caller, 'Microsoft.Authorization/permissions/read');
    const role = subscription.roles[caller.aadObjectId] ?? 'Reader';
    return ok({ value: permissionsByRole[role] });
  }

  roleAssignments({ params, request, caller }: RouteContext): Reply {
    const subscription = this.readableSubscription(params[0], caller, 'Microsoft.Authorization/roleAssignments/read');
    // An OData string literal: quotes inside it are doubled.
    const filter = /^assignedTo\('((?:[^']|'')*)'\)$/.exec(request.query.$filter ?? '');
    if (!filter) throw armError(400, 'InvalidFilterInQueryString', `Unsupported $filter: ${request.query.$filter ?? '(none)'}`);
    const principal = this.resolvePrincipal((filter[1] ?? '').replace(/''/g, "'"));
    const scope = `/subscriptions/${subscription.subscriptionId}`;
    const role = subscription.roles[principal] ?? (subscription.visibleTo.includes(principal) ? 'Reader' : undefined);
    const value = role
      ? [
          {
            id: `${scope}/providers/Microsoft.Authorization/roleAssignments/${fakeGuid(`assignment:${principal}`)}`,
            type: 'Microsoft.Authorization/roleAssignments',
            properties: {
              roleDefinitionId: `${scope}/providers/Microsoft.Authorization/roleDefinitions/${roleDefinitionIds[role]}`,
              principalId: principal,
              principalType: 'User',
              scope,
            },
          },
        ]
      : [];
    return ok({ value });
  }

  getResourceGroup({ params, caller }: RouteContext): Reply {
    const subscription = this.readableSubscription(params[0], caller, 'Microsoft.Resources/subscriptions/resourceGroups/read');
    const name = params[1] ?? '';
    const location = this.resourceGroups.get(rgKey(subscription.subscriptionId, name));
    if (location === undefined) throw armError(404, 'ResourceGroupNotFound', `Resource group '${name}' could not be found.`);
    return ok(resourceGroupBody(subscription, name, location));
  }

  putResourceGroup({ params, request, caller }: RouteContext): Reply {
    const subscription = this.writableSubscription(params[0], caller, 'Microsoft.Resources/subscriptions/resourceGroups/write');
    const name = params[1] ?? '';
    const location = (request.json as { location?: unknown } | undefined)?.location;
    if (typeof location !== 'string' || location === '') {
      throw armError(400, 'LocationRequired', 'The location property is required for this definition.');
    }
    const key = rgKey(subscription.subscriptionId, name);
    const existing = this.resourceGroups.get(key);
    if (existing !== undefined && existing !== location) {
      throw armError(409, 'InvalidResourceGroupLocation', `Invalid resource group location '${location}'. The Resource group already exists in location '${existing}'.`);
    }
    this.resourceGroups.set(key, location);
    return { status: existing === undefined ? 201 : 200, body: resourceGroupBody(subscription, name, location) };
  }

  registerProvider({ params, caller }: RouteContext): Reply {
    const subscription = this.writableSubscription(params[0], caller, `${params[1] ?? ''}/register/action`);
    const namespace = params[1] ?? '';
    const pending = this.options.registrationStaysPending === true;
    if (namespace.toLowerCase() === 'microsoft.visualstudio' && !pending) this.unregistered.delete(subscription.subscriptionId.toLowerCase());
    return ok({
      id: `/subscriptions/${subscription.subscriptionId}/providers/${namespace}`,
      namespace,
      registrationState: pending ? 'Registering' : 'Registered',
      resourceTypes: [],
    });
  }

  getAccount({ params, caller }: RouteContext): Reply {
    const subscription = this.readableSubscription(params[0], caller, 'Microsoft.VisualStudio/account/read');
    const org = this.linkedOrganization(subscription, params[1] ?? '', params[2] ?? '');
    return ok(accountBody(subscription, org));
  }

  putAccount({ params, request, caller }: RouteContext): Reply {
    const subscription = this.writableSubscription(params[0], caller, 'Microsoft.VisualStudio/account/write');
    const resourceGroup = params[1] ?? '';
    const org = this.organizationByName(params[2] ?? '', 'arm');
    if (resourceGroup.toLowerCase() !== billingResourceGroup(org.id).toLowerCase()) {
      throw armError(400, 'InvalidResourceGroup', `The billing resource of ${org.name} belongs in resource group ${billingResourceGroup(org.id)}.`);
    }
    if (!this.resourceGroups.has(rgKey(subscription.subscriptionId, resourceGroup))) {
      throw armError(404, 'ResourceGroupNotFound', `Resource group '${resourceGroup}' could not be found.`);
    }
    if (this.unregistered.has(subscription.subscriptionId.toLowerCase())) {
      throw armError(
        409,
        'MissingSubscriptionRegistration',
        "The subscription is not registered to use namespace 'Microsoft.VisualStudio'. See https://aka.ms/rps-not-found for how to register subscriptions.",
      );
    }
    const body = request.json as { location?: unknown; operationType?: unknown; properties?: unknown } | undefined;
    if (typeof body?.location !== 'string' || body.operationType !== 'link' || typeof body.properties !== 'object') {
      throw armError(400, 'InvalidRequestContent', 'Expected {location, operationType: "link", properties: {}}.');
    }
    requireAdmin(org, caller, 'arm');
    refuseUnpayable(subscription, org);
    if (org.billing?.subscriptionId !== subscription.subscriptionId) {
      org.billing = { subscriptionId: subscription.subscriptionId, linkedAt: new Date().toISOString() };
    }
    return ok(accountBody(subscription, org));
  }

  deleteAccount({ params, caller }: RouteContext): Reply {
    const subscription = this.writableSubscription(params[0], caller, 'Microsoft.VisualStudio/account/delete');
    const org = this.linkedOrganization(subscription, params[1] ?? '', params[2] ?? '');
    requireAdmin(org, caller, 'arm');
    org.billing = null;
    return { status: 200 };
  }

  // ---- Azure DevOps ----

  profile({ caller }: RouteContext): Reply {
    const id = devOpsId(caller.aadObjectId);
    return ok({ id, displayName: caller.displayName, emailAddress: caller.principalName, publicAlias: id, coreRevision: 1 });
  }

  accounts({ request, caller }: RouteContext): Reply {
    if (request.query.memberId !== devOpsId(caller.aadObjectId)) {
      throw devOpsError(401, 'TF400813: memberId must be the signed-in user.', 'UnauthorizedRequestException');
    }
    const wanted = (request.query.properties ?? '').split(',');
    const value = this.tenant.organizations
      .filter((org) => isMember(org, caller.aadObjectId))
      .map((org) => ({
        accountId: org.id,
        accountUri: `${this.baseUrl}/`,
        accountName: org.name,
        properties: wanted.includes(tenantProperty) ? { [tenantProperty]: { $type: 'System.String', $value: org.tenantId } } : {},
      }));
    return ok({ count: value.length, value });
  }

  descriptor({ params, caller }: RouteContext): Reply {
    const org = this.memberOrganization(params[0], caller);
    const storageKey = (params[1] ?? '').toLowerCase();
    if (storageKey === org.id.toLowerCase()) return ok({ value: scopeDescriptor(org) });
    const user = this.tenant.users.find((u) => devOpsId(u.aadObjectId) === storageKey);
    if (user && isMember(org, user.aadObjectId)) return ok({ value: userDescriptor(user.aadObjectId) });
    throw devOpsError(404, `VS860015: No subject found for storage key ${storageKey}.`, 'StorageKeyNotFoundException');
  }

  groups({ params, request, caller }: RouteContext): Reply {
    const org = this.memberOrganization(params[0], caller);
    if (request.query.scopeDescriptor !== scopeDescriptor(org)) {
      throw devOpsError(400, `Unknown scopeDescriptor ${request.query.scopeDescriptor ?? '(none)'}.`);
    }
    const all = collectionGroups(org);
    const start = Number(request.query.continuationToken ?? 0);
    const next = start + this.pageSize;
    return {
      status: 200,
      headers: next < all.length ? { 'X-MS-ContinuationToken': String(next) } : {},
      body: { count: Math.min(this.pageSize, all.length - start), value: all.slice(start, next) },
    };
  }

  memberships({ params, request, caller }: RouteContext): Reply {
    const org = this.memberOrganization(params[0], caller);
    if (request.query.direction !== 'down') throw devOpsError(400, 'This fake lists members (direction=down) only.');
    const groups = this.allGroups(org);
    const group = groups.find((g) => g.descriptor === params[1]);
    if (!group) throw devOpsError(404, `VS860018: No group found for descriptor ${params[1] ?? ''}.`, 'GraphSubjectNotFoundException');
    const memberDescriptors = [
      ...group.members(org).map(userDescriptor),
      ...groups.filter((g) => g.memberOf.includes(group.displayName)).map((g) => g.descriptor),
    ];
    const value = memberDescriptors.map((memberDescriptor) => ({ containerDescriptor: group.descriptor, memberDescriptor }));
    return ok({ count: value.length, value });
  }

  subjectLookup({ params, request, caller }: RouteContext): Reply {
    const org = this.memberOrganization(params[0], caller);
    const keys = (request.json as { lookupKeys?: { descriptor?: unknown }[] } | undefined)?.lookupKeys;
    if (!Array.isArray(keys)) throw devOpsError(400, 'lookupKeys is required.');
    const value: Record<string, unknown> = {};
    for (const key of keys) {
      const descriptor = String(key.descriptor);
      const group = this.allGroups(org).find((g) => g.descriptor === descriptor);
      const user = this.tenant.users.find((u) => userDescriptor(u.aadObjectId) === descriptor);
      if (group) {
        value[descriptor] = { subjectKind: 'group', descriptor, displayName: group.displayName, origin: group.origin, originId: group.originId };
      }
      else if (user) value[descriptor] = { ...graphUser(user), descriptor };
    }
    return ok({ count: Object.keys(value).length, value });
  }

  /** The collection groups and the groups nested in them. */
  private allGroups(org: SandboxOrganization): CollectionGroup[] {
    const nested = (this.options.nestedGroups ?? []).filter((g) => g.organization === org.name);
    return [
      ...collectionGroups(org),
      ...nested.map((g): CollectionGroup => {
        const originId = fakeGuid(`group:${org.id}:${g.displayName}`);
        return {
          descriptor: `${g.origin === 'aad' ? 'aadgp' : 'vssgp'}.${base64(originId)}`,
          displayName: g.displayName,
          origin: g.origin,
          originId,
          memberOf: g.memberOf,
          members: () => g.users,
        };
      }),
    ];
  }

  listEntitlements({ params, request, caller }: RouteContext): Reply {
    const org = this.memberOrganization(params[0], caller);
    const start = Number(request.query.continuationToken ? Buffer.from(request.query.continuationToken, 'base64').toString() : 0);
    const next = start + this.pageSize;
    // 7.1's PagedUserEntitlementsList: `items`, not the older `members`. Group rules only when selected, as the
    // service answers: `select` lists 'Projects', 'Extensions' and 'Grouprules'.
    const groupRules = (request.query.select ?? '').split(',').some((name) => name.trim().toLowerCase() === 'grouprules');
    return ok({
      items: org.entitlements.slice(start, next).map((e) => this.entitlementBody(e, groupRules)),
      continuationToken: next < org.entitlements.length ? Buffer.from(String(next)).toString('base64') : null,
      totalCount: org.entitlements.length,
    });
  }

  getEntitlement({ params, caller }: RouteContext): Reply {
    const org = this.memberOrganization(params[0], caller);
    return ok(this.entitlementBody(this.entitlementById(org, params[1] ?? '')));
  }

  /** Adding someone already in the organization sets their access level, as the service does. */
  addEntitlement({ params, request, caller }: RouteContext): Reply {
    const org = this.memberOrganization(params[0], caller);
    requireAdmin(org, caller, 'devops');
    const body = request.json as
      | { accessLevel?: { licensingSource?: unknown; accountLicenseType?: unknown }; user?: { principalName?: unknown; subjectKind?: unknown } }
      | undefined;
    const level = body?.accessLevel?.accountLicenseType;
    if (
      body?.accessLevel?.licensingSource !== 'account' ||
      typeof level !== 'string' ||
      !assignableLevels.includes(level) ||
      typeof body.user?.principalName !== 'string' ||
      body.user.subjectKind !== 'user'
    ) {
      throw devOpsError(400, 'Expected {accessLevel: {licensingSource: "account", accountLicenseType}, user: {principalName, subjectKind: "user"}}.');
    }
    const principalName = body.user.principalName;
    const user = this.tenant.users.find((u) => u.principalName.toLowerCase() === principalName.toLowerCase());
    if (!user) {
      return ok({
        isSuccess: false,
        operationResult: {
          isSuccess: false,
          errors: [{ key: 5000, value: `VS403283: Could not add user '${principalName}': not found in the directory.` }],
          userId: '00000000-0000-0000-0000-000000000000',
          result: null,
        },
        userEntitlement: null,
      });
    }
    let entitlement = org.entitlements.find((e) => e.userAadObjectId === user.aadObjectId);
    if (!entitlement) {
      entitlement = {
        userAadObjectId: user.aadObjectId,
        accountLicenseType: 'none',
        licensingSource: 'account',
        msdnLicenseType: 'none',
        assignmentSource: 'none',
        status: 'pending',
      };
      org.entitlements.push(entitlement);
    }
    entitlement.accountLicenseType = level as SandboxEntitlement['accountLicenseType'];
    entitlement.licensingSource = 'account';
    const result = this.entitlementBody(entitlement);
    return ok({
      isSuccess: true,
      operationResult: { isSuccess: true, errors: [], userId: result.id, result },
      userEntitlement: result,
    });
  }

  patchEntitlement({ params, request, caller }: RouteContext): Reply {
    const org = this.memberOrganization(params[0], caller);
    requireAdmin(org, caller, 'devops');
    if (!(request.headers['content-type'] ?? '').startsWith('application/json-patch+json')) {
      throw devOpsError(415, 'VS403406: PATCH needs Content-Type application/json-patch+json.', 'UnsupportedMediaTypeException');
    }
    const entitlement = this.entitlementById(org, params[1] ?? '');
    const operations = request.json;
    const valid =
      Array.isArray(operations) &&
      operations.length > 0 &&
      operations.every((op: { op?: unknown; path?: unknown; value?: { accountLicenseType?: unknown; licensingSource?: unknown } }) =>
        op.op === 'replace' &&
        op.path === '/accessLevel' &&
        op.value?.licensingSource === 'account' &&
        typeof op.value.accountLicenseType === 'string' &&
        assignableLevels.includes(op.value.accountLicenseType),
      );
    if (!valid) throw devOpsError(400, 'Expected [{op: "replace", path: "/accessLevel", value: {accountLicenseType, licensingSource: "account"}}].');
    const last = (operations as { value: { accountLicenseType: SandboxEntitlement['accountLicenseType'] } }[]).at(-1);
    if (last) entitlement.accountLicenseType = last.value.accountLicenseType;
    entitlement.licensingSource = 'account';
    const result = this.entitlementBody(entitlement);
    return ok({
      isSuccess: true,
      operationResults: [{ isSuccess: true, errors: [], userId: result.id, result }],
      userEntitlement: result,
    });
  }

  // ---- lookups and rules ----

  /** Like the sandbox: a seed user, else an alias, else the default user. */
  private userFor(objectId: string): SandboxUser {
    const id = this.resolvePrincipal(objectId);
    const user = this.tenant.users.find((u) => u.aadObjectId === id) ?? this.tenant.users.find((u) => u.aadObjectId === this.tenant.defaultUser);
    if (!user) throw new Error(`Seed has no default user ${this.tenant.defaultUser}`);
    return user;
  }

  private resolvePrincipal(objectId: string): string {
    return this.tenant.users.some((u) => u.aadObjectId === objectId) ? objectId : (this.tenant.identityAliases[objectId] ?? objectId);
  }

  private subscription(subscriptionId: string | undefined): SandboxSubscription {
    const subscription = this.tenant.subscriptions.find((s) => s.subscriptionId.toLowerCase() === (subscriptionId ?? '').toLowerCase());
    if (!subscription) throw armError(404, 'SubscriptionNotFound', `The subscription '${subscriptionId ?? ''}' could not be found.`);
    return subscription;
  }

  private readableSubscription(subscriptionId: string | undefined, caller: SandboxUser, action: string): SandboxSubscription {
    const subscription = this.subscription(subscriptionId);
    if (!canSee(subscription, caller.aadObjectId)) throw authorizationFailed(caller, action, subscription);
    return subscription;
  }

  private writableSubscription(subscriptionId: string | undefined, caller: SandboxUser, action: string): SandboxSubscription {
    const subscription = this.readableSubscription(subscriptionId, caller, action);
    if (!subscription.roles[caller.aadObjectId]) throw authorizationFailed(caller, action, subscription);
    return subscription;
  }

  private resourceGroupOnly(subscription: SandboxSubscription, objectId: string): boolean {
    return (this.options.resourceGroupOnlyAccess?.[subscription.subscriptionId] ?? []).includes(objectId);
  }

  private organizationByName(name: string | undefined, audience: Audience): SandboxOrganization {
    const org = this.tenant.organizations.find((o) => o.name.toLowerCase() === (name ?? '').toLowerCase());
    if (org) return org;
    throw audience === 'arm'
      ? armError(404, 'ResourceNotFound', `Azure DevOps organization '${name ?? ''}' was not found.`)
      : devOpsError(404, `TF400898: organization '${name ?? ''}' was not found.`, 'HostNotFoundException');
  }

  /** Azure DevOps answers 401 (TF400813), not 403, to anyone who is not in the organization. */
  private memberOrganization(name: string | undefined, caller: SandboxUser): SandboxOrganization {
    const org = this.organizationByName(name, 'devops');
    if (!isMember(org, caller.aadObjectId)) {
      throw devOpsError(401, `TF400813: The user '${caller.principalName}' is not authorized to access this resource.`, 'UnauthorizedRequestException');
    }
    return org;
  }

  private linkedOrganization(subscription: SandboxSubscription, resourceGroup: string, name: string): SandboxOrganization {
    if (!this.resourceGroups.has(rgKey(subscription.subscriptionId, resourceGroup))) {
      throw armError(404, 'ResourceGroupNotFound', `Resource group '${resourceGroup}' could not be found.`);
    }
    const org = this.tenant.organizations.find(
      (o) =>
        o.name.toLowerCase() === name.toLowerCase() &&
        o.billing?.subscriptionId.toLowerCase() === subscription.subscriptionId.toLowerCase() &&
        billingResourceGroup(o.id).toLowerCase() === resourceGroup.toLowerCase(),
    );
    if (!org) {
      throw armError(404, 'ResourceNotFound', `The Resource 'Microsoft.VisualStudio/account/${name}' under resource group '${resourceGroup}' was not found.`);
    }
    return org;
  }

  private entitlementById(org: SandboxOrganization, id: string): SandboxEntitlement {
    const entitlement = org.entitlements.find((e) => devOpsId(e.userAadObjectId) === id.toLowerCase());
    if (!entitlement) throw devOpsError(404, `VS403411: User ${id} was not found in ${org.name}.`, 'UserEntitlementNotFoundException');
    return entitlement;
  }

  private entitlementBody(entitlement: SandboxEntitlement, groupRules = false) {
    const user = this.tenant.users.find((u) => u.aadObjectId === entitlement.userAadObjectId);
    if (!user) throw new Error(`Seed entitlement for unknown user ${entitlement.userAadObjectId}`);
    return {
      id: devOpsId(user.aadObjectId),
      user: { ...graphUser(user), descriptor: userDescriptor(user.aadObjectId) },
      accessLevel: {
        licensingSource: entitlement.licensingSource,
        accountLicenseType: entitlement.accountLicenseType,
        msdnLicenseType: entitlement.msdnLicenseType,
        licenseDisplayName: entitlement.accountLicenseType,
        status: entitlement.status,
        statusMessage: '',
        assignmentSource: entitlement.assignmentSource,
        ...this.options.reportedAccessLevels?.[user.aadObjectId],
      },
      lastAccessedDate: entitlement.lastAccessedDate ?? neverSignedIn,
      projectEntitlements: [],
      extensions: [],
      groupAssignments:
        groupRules && entitlement.groupRule
          ? [
              {
                group: {
                  subjectKind: 'group',
                  displayName: entitlement.groupRule,
                  principalName: `[${entitlement.groupRule}]`,
                  origin: 'aad',
                  descriptor: `aadgp.${Buffer.from(entitlement.groupRule).toString('base64url')}`,
                },
                licenseRule: { licensingSource: 'account', accountLicenseType: entitlement.accountLicenseType, assignmentSource: 'groupRule' },
              },
            ]
          : [],
    };
  }
}

/** ARM's 403 for an action outside the caller's role assignments, worded as ARM words it. */
function authorizationFailed(caller: SandboxUser, action: string, subscription: SandboxSubscription): Refusal {
  return armError(
    403,
    'AuthorizationFailed',
    `The client '${caller.principalName}' with object id '${caller.aadObjectId}' does not have authorization to perform ` +
      `action '${action}' over scope '/subscriptions/${subscription.subscriptionId}' or the scope is invalid. If access was ` +
      'recently granted, please refresh your credentials.',
  );
}

function audienceOf(scope: string): string {
  if (scope.startsWith('https://management.azure.com')) return 'arm';
  if (scope.startsWith('499b84ac-1321-427f-aa17-267ca6975798')) return 'devops';
  return 'unknown';
}

function ok(body: unknown): Reply {
  return { status: 200, body };
}

function canSee(subscription: SandboxSubscription, objectId: string): boolean {
  return subscription.roles[objectId] !== undefined || subscription.visibleTo.includes(objectId);
}

function isMember(org: SandboxOrganization, objectId: string): boolean {
  return org.projectCollectionAdmins.includes(objectId) || org.entitlements.some((e) => e.userAadObjectId === objectId);
}

function requireAdmin(org: SandboxOrganization, caller: SandboxUser, audience: Audience): void {
  if (org.projectCollectionAdmins.includes(caller.aadObjectId)) return;
  const message = `${caller.principalName} is not a Project Collection Administrator of ${org.name}.`;
  throw audience === 'arm' ? armError(403, 'AuthorizationFailed', message) : devOpsError(403, `VS403389: ${message}`, 'AccessCheckException');
}

/** The same refusals, in the same order, as the sandbox backend. */
function refuseUnpayable(subscription: SandboxSubscription, org: SandboxOrganization): void {
  const name = subscription.displayName;
  if (subscription.tenantId !== org.tenantId) {
    throw armError(400, 'TenantMismatch', `Subscription '${name}' is in another Microsoft Entra tenant than ${org.name}.`);
  }
  if (subscription.state !== 'Enabled') {
    throw armError(400, 'SubscriptionNotEnabled', `Subscription '${name}' is ${subscription.state}.`);
  }
  if (subscription.quotaId === freeTrialQuotaId) {
    throw armError(400, 'SubscriptionNotSupported', `Subscription '${name}' is a Free Trial, which cannot pay for Azure DevOps.`);
  }
  if (subscription.spendingLimit !== 'Off') {
    throw armError(400, 'SpendingLimitEnabled', `Subscription '${name}' has a spending limit.`);
  }
}

function billingResourceGroup(organizationId: string): string {
  return `VisualStudioOnline-${organizationId.replace(/-/g, '').toUpperCase()}`;
}

function rgKey(subscriptionId: string, name: string): string {
  return `${subscriptionId}/${name}`.toLowerCase();
}

function resourceGroupBody(subscription: SandboxSubscription, name: string, location: string) {
  return {
    id: `/subscriptions/${subscription.subscriptionId}/resourceGroups/${name}`,
    name,
    type: 'Microsoft.Resources/resourceGroups',
    location,
    properties: { provisioningState: 'Succeeded' },
  };
}

function accountBody(subscription: SandboxSubscription, org: SandboxOrganization) {
  const resourceGroup = billingResourceGroup(org.id);
  return {
    id: `/subscriptions/${subscription.subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.VisualStudio/account/${org.name}`,
    name: org.name,
    type: 'Microsoft.VisualStudio/account',
    location: 'centralus',
    tags: {},
    properties: { AccountId: org.id, AccountName: org.name, AccountURL: `https://dev.azure.com/${org.name}/` },
  };
}

interface CollectionGroup {
  descriptor: string;
  displayName: string;
  origin: 'aad' | 'vsts';
  originId?: string;
  /** Display names of the groups this one is a member of. */
  memberOf: string[];
  /** Entra object ids of the user members. */
  members(org: SandboxOrganization): string[];
}

/** PCA last, so a client has to follow the continuation token to find it. */
function collectionGroups(org: SandboxOrganization): CollectionGroup[] {
  return [
    {
      descriptor: `vssgp.${base64(`${org.id}:valid-users`)}`,
      displayName: 'Project Collection Valid Users',
      origin: 'vsts',
      memberOf: [],
      members: (o) => o.entitlements.map((e) => e.userAadObjectId),
    },
    { descriptor: `vssgp.${base64(`${org.id}:build-admins`)}`, displayName: 'Project Collection Build Administrators', origin: 'vsts', memberOf: [], members: () => [] },
    {
      descriptor: `vssgp.${base64(`${org.id}:pca`)}`,
      displayName: 'Project Collection Administrators',
      origin: 'vsts',
      memberOf: [],
      members: (o) => o.projectCollectionAdmins,
    },
  ];
}

function graphUser(user: SandboxUser) {
  return {
    subjectKind: 'user',
    origin: 'aad',
    originId: user.aadObjectId,
    principalName: user.principalName,
    mailAddress: user.principalName,
    displayName: user.displayName,
    domain: user.tenantId,
  };
}

/** The storage key Azure DevOps keeps for a user, which is not their Entra object id. */
export function devOpsId(aadObjectId: string): string {
  return fakeGuid(`devops:${aadObjectId.toLowerCase()}`);
}

function userDescriptor(aadObjectId: string): string {
  return `aad.${base64(devOpsId(aadObjectId))}`;
}

function scopeDescriptor(org: SandboxOrganization): string {
  return `scp.${base64(org.id)}`;
}

function fakeGuid(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

function base64(text: string): string {
  return Buffer.from(text).toString('base64url');
}
