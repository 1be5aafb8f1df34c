import type { TokenCredential } from '@azure/identity';
import pLimit from 'p-limit';
import { z } from 'zod';
import {
  AzureError,
  type AssignableAccessLevel,
  type AzureDevOpsPort,
  type Caller,
  type DevOpsProfile,
  type GitHubLicenseType,
  type LicensingSource,
  type Organization,
  type OrganizationRef,
  type ReadPurpose,
  type UserEntitlement,
} from '../ports.js';
import { ignoreNotFound, maxPages, type AzureHttp, type CallContext } from './transport.js';
import { endpoint, path } from './urls.js';

/**
 * The api-version each call's published spec names (MicrosoftDocs/vsts-rest-api-specs, `specification/<area>/7.1/`):
 * released calls take `7.1`, calls the spec still marks preview take the exact preview version it names.
 */
const profileApi = '7.1';
const accountsApi = '7.1';
const graphDescriptorsApi = '7.1';
const graphPreviewApi = '7.1-preview.1';
const entitlementsApi = '7.1';

/** Account property carrying the organization's Entra tenant (requested explicitly; absent for MSA-backed orgs). */
const tenantProperty = 'Microsoft.VisualStudio.Services.Account.TenantId';
const collectionAdminsGroup = 'Project Collection Administrators';
/** Groups inside groups inside the administrators group: real setups nest two or three levels at most. */
const maxGroupNesting = 5;
/** Groups read in one administrator check, the administrators group's own members included. */
const maxExpandedGroups = 50;
/** Graph pages collection-level groups with this response header (and the matching query parameter). */
const graphContinuationHeader = 'x-ms-continuationtoken';

const profileSchema = z.object({ id: z.string(), displayName: z.string(), emailAddress: z.string().nullish() });

const accountsSchema = z.object({
  value: z.array(
    z.object({
      accountId: z.string(),
      accountName: z.string(),
      // A PropertiesCollection value is `{"$type": "System.String", "$value": "…"}`; accept a bare string as well.
      properties: z.record(z.union([z.string(), z.object({ $value: z.string() })])).nullish(),
    }),
  ),
});

const descriptorSchema = z.object({ value: z.string() });
const groupsSchema = z.object({ value: z.array(z.object({ descriptor: z.string(), displayName: z.string().nullish() })) });
const membershipsSchema = z.object({ value: z.array(z.object({ memberDescriptor: z.string() })) });
const subjectLookupSchema = z.object({
  value: z.record(z.object({ subjectKind: z.string(), originId: z.string().nullish() })),
});

/**
 * A value of one of the spec's enums, mapped onto the known ones. Enums grow (7.2 added `gitHub` to `licensingSource`),
 * and one user with a value this build does not know must not make the whole page of users unreadable.
 */
function tolerantEnum<T extends string>(known: readonly T[], fallback: T, whenAbsent: T = fallback) {
  return z
    .string()
    .nullish()
    .transform((value): T => (value ? knownValue(known, fallback, value) : whenAbsent));
}

/** Case-insensitive: the 7.2 spec spells the licensing source `gitHub` in the enum and `github` in its prose. */
function knownValue<T extends string>(known: readonly T[], fallback: T, value: string | null | undefined): T {
  const lower = value?.toLowerCase();
  return known.find((candidate) => candidate.toLowerCase() === lower) ?? fallback;
}

const accountLicenseTypes = ['none', 'stakeholder', 'express', 'advanced', 'professional', 'earlyAdopter'] as const;
const licensingSources = ['none', 'account', 'msdn', 'profile', 'auto', 'trial', 'gitHub'] as const;
const msdnLicenseTypes = ['none', 'eligible', 'professional', 'platforms', 'testProfessional', 'premium', 'ultimate', 'enterprise'] as const;
const assignmentSources = ['none', 'unknown', 'groupRule'] as const;
const gitHubLicenseTypes = ['none', 'enterprise'] as const;

/**
 * `UserEntitlement` and `AccessLevel` as memberEntitlementManagement 7.1 defines them (`gitHubLicenseType` and the
 * `gitHub` licensing source from 7.2). An unknown `licensingSource` reads as `unknown`; an unknown account licence as
 * `none` (no access level the bot could price), an unknown Visual Studio subscription as `none`.
 */
const entitlementSchema = z
  .object({
    id: z.string(),
    user: z.object({ principalName: z.string(), displayName: z.string() }),
    accessLevel: z.object({
      accountLicenseType: tolerantEnum(accountLicenseTypes, 'none'),
      licensingSource: tolerantEnum<LicensingSource>(licensingSources, 'unknown'),
      msdnLicenseType: tolerantEnum(msdnLicenseTypes, 'none'),
      gitHubLicenseType: z.string().nullish(),
      assignmentSource: tolerantEnum(assignmentSources, 'unknown', 'none'),
      status: z.string().nullish(),
    }),
    lastAccessedDate: z.string().nullish(),
    /** `GroupEntitlement`s the user belongs to; listed only with `select=Grouprules`. */
    groupAssignments: z
      .array(
        z.object({
          group: z.object({ displayName: z.string().nullish() }).nullish(),
          licenseRule: z.object({ accountLicenseType: z.string().nullish() }).nullish(),
        }),
      )
      .nullish(),
  })
  .transform(
    (raw): UserEntitlement => ({
      id: raw.id,
      principalName: raw.user.principalName,
      displayName: raw.user.displayName,
      accessLevel: {
        accountLicenseType: raw.accessLevel.accountLicenseType,
        licensingSource: raw.accessLevel.licensingSource,
        msdnLicenseType: raw.accessLevel.msdnLicenseType,
        assignmentSource: raw.accessLevel.assignmentSource,
        status: raw.accessLevel.status ?? '',
        ...(raw.accessLevel.gitHubLicenseType
          ? { gitHubLicenseType: knownValue<GitHubLicenseType>(gitHubLicenseTypes, 'unknown', raw.accessLevel.gitHubLicenseType) }
          : {}),
      },
      // "Never signed in" arrives as 0001-01-01T00:00:00Z.
      ...(raw.lastAccessedDate && Date.parse(raw.lastAccessedDate) > 0 ? { lastAccessedDate: raw.lastAccessedDate } : {}),
      ...ruleGroupsOf(raw.accessLevel.accountLicenseType, raw.groupAssignments),
    }),
  );

/** The groups whose rule gives the user's account licence (a rule that names none is counted: it is the user's group). */
function ruleGroupsOf(
  held: string,
  assignments: ReadonlyArray<{ group?: { displayName?: string | null } | null; licenseRule?: { accountLicenseType?: string | null } | null }> | null | undefined,
): { ruleGroups?: string[] } {
  const names = (assignments ?? []).flatMap((assignment) => {
    const name = assignment.group?.displayName;
    const gives = assignment.licenseRule?.accountLicenseType;
    return name && (!gives || gives.toLowerCase() === held.toLowerCase()) ? [name] : [];
  });
  return names.length > 0 ? { ruleGroups: names } : {};
}

/**
 * 7.1's `PagedUserEntitlementsList` is `{items, continuationToken, totalCount}`; 6.0 and 7.0 answered
 * `PagedGraphMemberList`, which carried `members` (and `items`). Either is read.
 */
const entitlementPageSchema = z
  .object({
    items: z.array(entitlementSchema).nullish(),
    members: z.array(entitlementSchema).nullish(),
    continuationToken: z.string().nullish(),
  })
  .refine((page) => page.items || page.members, 'a page of user entitlements has neither items nor members')
  .transform((page) => ({ users: page.items ?? page.members ?? [], continuationToken: page.continuationToken }));

const operationErrorsSchema = z.array(z.object({ key: z.unknown(), value: z.unknown() })).nullish();

/** POST answers 200 even when the add failed; the verdict is in `operationResult`. */
const addResponseSchema = z.object({
  operationResult: z.discriminatedUnion('isSuccess', [
    z.object({ isSuccess: z.literal(true), result: entitlementSchema }),
    z.object({ isSuccess: z.literal(false), errors: operationErrorsSchema }),
  ]),
});

const changeResponseSchema = z.discriminatedUnion('isSuccess', [
  z.object({ isSuccess: z.literal(true), userEntitlement: entitlementSchema }),
  z.object({
    isSuccess: z.literal(false),
    operationResults: z.array(z.object({ errors: operationErrorsSchema })).nullish(),
  }),
]);

export interface DevOpsOptions {
  http: AzureHttp;
  vsspsBaseUrl: string;
  graphBaseUrl: string;
  vsaexBaseUrl: string;
  credential: (caller: Caller) => TokenCredential;
  /** Whether the caller's token is their own; see `CallerCredentials.actsAsCaller`. */
  actsAsCaller: (caller: Caller) => boolean;
  /** Entra object ids allowed to add users and change levels with the bot's identity, besides the PCAs. */
  approverIds: readonly string[];
}

/** How many organizations are checked for the caller's administrator membership at once. */
const adminCheckConcurrency = 4;

/**
 * AzureDevOpsPort over the Azure DevOps REST APIs (profile, accounts, Graph, member entitlement management).
 *
 * Project Collection Administrator check: Graph resolves the organization's scope descriptor (its host id as the
 * storage key), finds the "Project Collection Administrators" group in that scope, lists the group's direct members and
 * resolves them with subject lookup to compare their Entra object id (`originId`). Going through the members, rather
 * than `descriptors/{storageKey}` for the principal, is what lets any Entra object id be checked: a user's storage key
 * is their Azure DevOps id, which the bot does not know for anyone but the signed-in user. Covered: users added to the
 * group directly (organization owners are). Not covered: membership through a nested group (an Entra or Azure DevOps
 * group inside the administrators group), which answers false.
 */
export class RestDevOps implements AzureDevOpsPort {
  constructor(private readonly options: DevOpsOptions) {}

  async getProfile(caller: Caller): Promise<DevOpsProfile> {
    const { body } = await this.options.http.json(
      {
        method: 'GET',
        url: endpoint(this.options.vsspsBaseUrl, '/_apis/profile/profiles/me', { 'api-version': profileApi }),
        credential: this.options.credential(caller),
        context: { action: 'read your Azure DevOps profile', requires: 'an Azure DevOps profile' },
      },
      profileSchema,
    );
    return { id: body.id, displayName: body.displayName, emailAddress: body.emailAddress ?? '' };
  }

  /**
   * The organization's tenant comes from its TenantId property; when Azure DevOps does not return it, the caller's
   * tenant is assumed (the accounts listed are the ones the caller's sign-in can reach). `url` is the address an admin
   * opens, not `accountUri` (that is the identity service's endpoint, vssps).
   *
   * With the caller's own token (On-Behalf-Of) these are the caller's own memberships. With the bot's identity the
   * profile and memberships are the bot's, so only organizations in which the caller is a Project Collection
   * Administrator are kept: billing and licences are an administrator's task, and the bot must not reveal the rest.
   */
  async listOrganizations(caller: Caller, purpose: ReadPurpose = 'manage'): Promise<Organization[]> {
    const all = await this.memberOrganizations(caller);
    if (this.options.actsAsCaller(caller) || purpose === 'request') return all;
    const limit = pLimit(adminCheckConcurrency);
    const administers = await Promise.all(all.map((org) => limit(() => this.callerAdministers(caller, org))));
    return all.filter((_, index) => administers[index]);
  }

  private async memberOrganizations(caller: Caller): Promise<Organization[]> {
    const profile = await this.getProfile(caller);
    const { body } = await this.options.http.json(
      {
        method: 'GET',
        url: endpoint(this.options.vsspsBaseUrl, '/_apis/accounts', {
          memberId: profile.id,
          properties: tenantProperty,
          'api-version': accountsApi,
        }),
        credential: this.options.credential(caller),
        context: { action: 'list your Azure DevOps organizations', requires: 'an Azure DevOps profile' },
      },
      accountsSchema,
    );
    return body.value.map((account) => {
      const tenant = account.properties?.[tenantProperty];
      const tenantId = typeof tenant === 'string' ? tenant : tenant?.$value;
      return {
        id: account.accountId,
        name: account.accountName,
        url: `https://dev.azure.com/${encodeURIComponent(account.accountName)}`,
        tenantId: tenantId || caller.tenantId,
      };
    });
  }

  async isProjectCollectionAdmin(caller: Caller, organization: OrganizationRef, principalObjectId?: string): Promise<boolean> {
    const principal = (principalObjectId ?? caller.aadObjectId).toLowerCase();
    return (await this.listProjectCollectionAdmins(caller, organization)).includes(principal);
  }

  /** User members of the administrators group, nested groups included, by Entra object id (lower case). */
  async listProjectCollectionAdmins(caller: Caller, organization: OrganizationRef): Promise<string[]> {
    const context: CallContext = {
      action: `check who administers ${organization.name}`,
      requires: `membership of ${organization.name} (to read its groups)`,
    };
    const credential = this.options.credential(caller);
    const { body: scope } = await this.options.http.json(
      {
        method: 'GET',
        url: this.graphUrl(organization, path`/descriptors/${organization.id}`, {}, graphDescriptorsApi),
        credential,
        context: {
          ...context,
          notFound:
            `Azure DevOps did not resolve the scope of ${organization.name} (organization id ${organization.id}), so the bot ` +
            `cannot read its Project Collection Administrators. Check that the organization still exists; meanwhile check ` +
            `the group in Organization settings > Permissions.`,
        },
      },
      descriptorSchema,
    );
    const group = await this.findGroup(credential, organization, scope.value, collectionAdminsGroup, context);
    return this.usersInGroup(credential, organization, group, context);
  }

  /**
   * Users in a group, nested groups expanded breadth-first (Azure DevOps groups and Entra groups alike, as Azure
   * DevOps itself grants a nested member the group's rights). Each group is read once, so a cycle ends; the depth and
   * the number of groups are bounded because one admin check must not turn into hundreds of calls. A member beyond
   * the bounds reads as "not an admin": the safe direction for a rights check.
   */
  private async usersInGroup(
    credential: TokenCredential,
    organization: OrganizationRef,
    root: string,
    context: CallContext,
  ): Promise<string[]> {
    const users = new Set<string>();
    const seen = new Set<string>([root]);
    let groupsRead = 0;
    let level = [root];
    for (let depth = 0; depth <= maxGroupNesting && level.length > 0; depth += 1) {
      const newMembers: string[] = [];
      for (const groupDescriptor of level.slice(0, maxExpandedGroups - groupsRead)) {
        groupsRead += 1;
        const { body: memberships } = await this.options.http.json(
          { method: 'GET', url: this.graphUrl(organization, path`/memberships/${groupDescriptor}`, { direction: 'down' }), credential, context },
          membershipsSchema,
        );
        for (const { memberDescriptor } of memberships.value) {
          if (seen.has(memberDescriptor)) continue;
          seen.add(memberDescriptor);
          newMembers.push(memberDescriptor);
        }
      }
      level = [];
      for (const [descriptor, subject] of await this.lookUpSubjects(credential, organization, newMembers, context)) {
        if (subject.subjectKind.toLowerCase() === 'group') level.push(descriptor);
        else if (subject.originId) users.add(subject.originId.toLowerCase());
      }
    }
    return [...users];
  }

  private async lookUpSubjects(
    credential: TokenCredential,
    organization: OrganizationRef,
    descriptors: string[],
    context: CallContext,
  ): Promise<[string, { subjectKind: string; originId?: string | null }][]> {
    if (descriptors.length === 0) return [];
    const { body: subjects } = await this.options.http.json(
      {
        method: 'POST',
        url: this.graphUrl(organization, '/subjectlookup'),
        credential,
        body: { lookupKeys: descriptors.map((descriptor) => ({ descriptor })) },
        // A read that happens to use POST: safe to retry.
        idempotent: true,
        context,
      },
      subjectLookupSchema,
    );
    return Object.entries(subjects.value);
  }

  async listUserEntitlements(caller: Caller, organization: OrganizationRef, purpose: ReadPurpose = 'manage'): Promise<UserEntitlement[]> {
    if (purpose === 'manage') await this.requireAdminWhenActingAsBot(caller, organization);
    const credential = this.options.credential(caller);
    const context = this.readContext(organization);
    const members: UserEntitlement[] = [];
    const seen = new Set<string>();
    let continuationToken: string | undefined;
    do {
      const { body } = await this.options.http.json(
        // Without `select=Grouprules` the list leaves `groupAssignments` empty, and a group rule could not be named.
        { method: 'GET', url: this.entitlementsUrl(organization, '', { continuationToken, select: 'Grouprules' }), credential, context },
        entitlementPageSchema,
      );
      members.push(...body.users);
      continuationToken = body.continuationToken || undefined;
      if (continuationToken !== undefined) {
        if (seen.has(continuationToken)) throw repeatedPage(context);
        if (seen.size + 1 >= maxPages) throw tooManyPages(context);
        seen.add(continuationToken);
      }
    } while (continuationToken !== undefined);
    return members;
  }

  async getUserEntitlement(caller: Caller, organization: OrganizationRef, userId: string): Promise<UserEntitlement | null> {
    await this.requireAdminWhenActingAsBot(caller, organization);
    const response = await ignoreNotFound(
      this.options.http.json(
        {
          method: 'GET',
          url: this.entitlementsUrl(organization, path`/${userId}`),
          credential: this.options.credential(caller),
          context: this.readContext(organization),
        },
        entitlementSchema,
      ),
    );
    return response?.body ?? null;
  }

  async addUserEntitlement(
    caller: Caller,
    organization: OrganizationRef,
    principalName: string,
    level: AssignableAccessLevel,
  ): Promise<UserEntitlement> {
    const action = `add ${principalName} to ${organization.name}`;
    await this.requireUserManagerWhenActingAsBot(caller, organization, action);
    const { body } = await this.options.http.json(
      {
        method: 'POST',
        url: this.entitlementsUrl(organization, ''),
        credential: this.options.credential(caller),
        body: {
          accessLevel: { licensingSource: 'account', accountLicenseType: level.accountLicenseType },
          user: { principalName, subjectKind: 'user' },
        },
        context: {
          action,
          requires: this.manageUsersRight(organization),
          unknownOutcome: `check whether ${principalName} is in the users of ${organization.name}`,
        },
      },
      addResponseSchema,
    );
    const outcome = body.operationResult;
    if (outcome.isSuccess) return outcome.result;
    throw operationFailed(action, outcome.errors, body);
  }

  async changeAccessLevel(
    caller: Caller,
    organization: OrganizationRef,
    userId: string,
    level: AssignableAccessLevel,
  ): Promise<UserEntitlement> {
    const action = `change the access level of user ${userId} in ${organization.name}`;
    await this.requireUserManagerWhenActingAsBot(caller, organization, action);
    const { body } = await this.options.http.json(
      {
        method: 'PATCH',
        url: this.entitlementsUrl(organization, path`/${userId}`),
        credential: this.options.credential(caller),
        contentType: 'application/json-patch+json',
        body: [
          {
            from: '',
            op: 'replace',
            path: '/accessLevel',
            value: { accountLicenseType: level.accountLicenseType, licensingSource: 'account' },
          },
        ],
        context: {
          action,
          requires: this.manageUsersRight(organization),
          notFound: `User ${userId} is not in ${organization.name}.`,
        },
      },
      changeResponseSchema,
    );
    if (body.isSuccess) return body.userEntitlement;
    throw operationFailed(action, body.operationResults?.flatMap((result) => result.errors ?? []), body);
  }

  /**
   * With the bot's identity, Azure DevOps would answer with what the bot may read; the caller's own right to see the
   * organization's users is checked here instead.
   */
  private async requireAdminWhenActingAsBot(caller: Caller, organization: OrganizationRef): Promise<void> {
    if (this.options.actsAsCaller(caller)) return;
    if (await this.isProjectCollectionAdmin(caller, organization)) return;
    throw new AzureError(
      'forbidden',
      `Not allowed to read the users of ${organization.name}: the signed-in account needs Project Collection Administrator in ${organization.name}.`,
    );
  }

  /**
   * With the bot's identity Azure DevOps would let any caller add or change users (and so buy seats); only a Project
   * Collection Administrator or a configured seat approver may, checked here so no code path can skip it.
   */
  private async requireUserManagerWhenActingAsBot(caller: Caller, organization: OrganizationRef, action: string): Promise<void> {
    if (this.options.actsAsCaller(caller)) return;
    const id = caller.aadObjectId.toLowerCase();
    if (this.options.approverIds.some((approver) => approver.toLowerCase() === id)) return;
    if (await this.isProjectCollectionAdmin(caller, organization)) return;
    throw new AzureError(
      'forbidden',
      `Not allowed to ${action}: only a Project Collection Administrator of ${organization.name} or a configured seat approver can add users or change access levels.`,
    );
  }

  /** An organization whose groups the bot cannot read (or that is gone) is not one the caller can manage through it. */
  private async callerAdministers(caller: Caller, organization: OrganizationRef): Promise<boolean> {
    try {
      return await this.isProjectCollectionAdmin(caller, organization);
    } catch (error) {
      if (error instanceof AzureError && ['unauthorized', 'forbidden', 'not_found'].includes(error.code)) return false;
      throw error;
    }
  }

  /** Collection-level groups can span pages; stops at the first page that has the group. */
  private async findGroup(
    credential: TokenCredential,
    organization: OrganizationRef,
    scopeDescriptor: string,
    displayName: string,
    context: CallContext,
  ): Promise<string> {
    const seen = new Set<string>();
    let continuationToken: string | undefined;
    do {
      const url = this.graphUrl(organization, '/groups', { scopeDescriptor, continuationToken });
      const { body, headers } = await this.options.http.json({ method: 'GET', url, credential, context }, groupsSchema);
      const group = body.value.find((g) => g.displayName === displayName);
      if (group) return group.descriptor;
      continuationToken = headers.get(graphContinuationHeader) || undefined;
      if (continuationToken !== undefined) {
        if (seen.has(continuationToken)) throw repeatedPage(context);
        if (seen.size + 1 >= maxPages) throw tooManyPages(context);
        seen.add(continuationToken);
      }
    } while (continuationToken !== undefined);
    throw new AzureError('unavailable', `Azure DevOps did not list the ${displayName} group of ${organization.name}.`, {
      url: this.graphUrl(organization, '/groups', { scopeDescriptor }),
    });
  }

  private graphUrl(
    organization: OrganizationRef,
    route: string,
    query: Record<string, string | undefined> = {},
    apiVersion: string = graphPreviewApi,
  ): string {
    return endpoint(this.options.graphBaseUrl, `${path`/${organization.name}`}/_apis/graph${route}`, {
      ...query,
      'api-version': apiVersion,
    });
  }

  private entitlementsUrl(organization: OrganizationRef, route: string, query: Record<string, string | undefined> = {}): string {
    return endpoint(this.options.vsaexBaseUrl, `${path`/${organization.name}`}/_apis/userentitlements${route}`, {
      ...query,
      'api-version': entitlementsApi,
    });
  }

  private readContext(organization: OrganizationRef): CallContext {
    return { action: `read the users of ${organization.name}`, requires: `membership of ${organization.name} with at least Basic access` };
  }

  private manageUsersRight(organization: OrganizationRef): string {
    return `Project Collection Administrator (or Project Collection User Account Administrator) in ${organization.name}`;
  }
}

/** The service's own words (e.g. "VS403283: …") are what an admin can act on. */
function operationFailed(action: string, errors: { value?: unknown }[] | null | undefined, body: unknown): AzureError {
  const reasons = (errors ?? []).map((error) => String(error.value)).filter((text) => text.trim() !== '');
  const because = reasons.length > 0 ? ` Azure DevOps said: ${reasons.join(' ')}` : '';
  return new AzureError('invalid_request', `Azure DevOps could not ${action}.${because}`, { body: JSON.stringify(body) });
}

function tooManyPages(context: CallContext): AzureError {
  return new AzureError(
    'unavailable',
    `Azure DevOps kept sending more pages (over ${maxPages}) while the bot was trying to ${context.action}; the bot stopped reading. Try again later.`,
  );
}

function repeatedPage(context: CallContext): AzureError {
  return new AzureError('unavailable', `Azure DevOps repeated a page while the bot was trying to ${context.action}.`);
}
