import type { AccountLicenseType, MsdnLicenseType, RestAccessLevel } from './restValues.js';

/** The three access levels an organization can assign, by a stable id. */
export type AccessLevelId = 'stakeholder' | 'basic' | 'basicTestPlans';

export interface AccessLevelDefinition {
  id: AccessLevelId;
  /** The name shown in Azure DevOps Services (Organization settings > Users). */
  uiName: string;
  /** REST `accountLicenseType` to send (with `licensingSource: 'account'`) and to expect back. */
  accountLicenseType: 'stakeholder' | 'express' | 'advanced';
  licensingSource: 'account';
  includesTestPlans: boolean;
  /** Names people still use: the level was the Test Manager extension until 2019 and is "Advanced" on TFS. */
  formerNames: readonly string[];
  /** Marketplace extension that sold this level before it became an access level. */
  formerExtensionId?: string;
  /** The name to set by hand on an on-premises server: TFS 2015–2018, and Azure DevOps Server 2019 or later. */
  serverName: { tfs: string; azureDevOpsServer: string };
  /** Accepted spellings, compared after `normalizeLevelText`. */
  spellings: readonly string[];
}

const definitions = {
  stakeholder: {
    id: 'stakeholder',
    uiName: 'Stakeholder',
    accountLicenseType: 'stakeholder',
    licensingSource: 'account',
    includesTestPlans: false,
    formerNames: [],
    serverName: { tfs: 'Stakeholder', azureDevOpsServer: 'Stakeholder' },
    spellings: ['stakeholder', 'stakeholders'],
  },
  basic: {
    id: 'basic',
    uiName: 'Basic',
    accountLicenseType: 'express',
    licensingSource: 'account',
    includesTestPlans: false,
    formerNames: [],
    serverName: { tfs: 'Basic', azureDevOpsServer: 'Basic' },
    spellings: ['basic', 'express'],
  },
  basicTestPlans: {
    id: 'basicTestPlans',
    uiName: 'Basic + Test Plans',
    accountLicenseType: 'advanced',
    licensingSource: 'account',
    includesTestPlans: true,
    formerNames: ['Test Manager', 'Advanced'],
    formerExtensionId: 'ms.vss-testmanager-web',
    serverName: { tfs: 'Advanced', azureDevOpsServer: 'Basic + Test Plans' },
    spellings: [
      'basic+testplans',
      'basic+testplan',
      'basictestplans',
      'basic+azuretestplans',
      'testplans',
      'testplan',
      'azuretestplans',
      'testmanager',
      'btp',
      'advanced',
    ],
  },
} as const satisfies Record<AccessLevelId, AccessLevelDefinition>;

/** Cheapest first, so a list or a dropdown built from it reads naturally. */
export const accessLevels: readonly AccessLevelDefinition[] = [
  definitions.stakeholder,
  definitions.basic,
  definitions.basicTestPlans,
];

export function accessLevel(id: AccessLevelId): AccessLevelDefinition {
  return definitions[id];
}

/** Whether `held` gives at least the features of `needed` (Basic + Test Plans includes Basic includes Stakeholder). */
export function levelIncludes(held: AccessLevelId, needed: AccessLevelId): boolean {
  return accessLevels.indexOf(definitions[held]) >= accessLevels.indexOf(definitions[needed]);
}

/**
 * The level an account-sourced `accountLicenseType` grants. `professional` and `earlyAdopter` are retired values that
 * still appear on old users; both gave Basic features, so they read as Basic. `none` grants nothing.
 */
export function accessLevelFromAccountLicenseType(value: AccountLicenseType): AccessLevelDefinition | null {
  switch (value) {
    case 'stakeholder':
      return definitions.stakeholder;
    case 'express':
    case 'professional':
    case 'earlyAdopter':
      return definitions.basic;
    case 'advanced':
      return definitions.basicTestPlans;
    case 'none':
      return null;
  }
}

const legacyAccountLicenseNames: Partial<Record<AccountLicenseType, string>> = {
  professional: 'Visual Studio Professional (retired access level)',
  earlyAdopter: 'Early Adopter (retired access level)',
};

// ---- parsing what people type ----

export type AccessLevelParse =
  | { ok: true; level: AccessLevelDefinition }
  | { ok: false; reason: 'unknown_level'; input: string; known: string[]; message: string };

/**
 * Folds the ways people write a level onto one spelling: case, spaces and punctuation vanish, "&", "and", "plus" and
 * "with" become "+", and filler words such as "access" or "license" are dropped.
 */
function normalizeLevelText(text: string): string {
  return text
    .toLowerCase()
    .replace(/&|\band\b|\bplus\b|\bwith\b/g, '+')
    .replace(/\b(access levels?|access|licen[cs]es?|levels?|users?|seats?)\b/g, ' ')
    .replace(/[^a-z0-9+]/g, '')
    .replace(/\++/g, '+');
}

export function parseAccessLevel(text: string): AccessLevelParse {
  const normalized = normalizeLevelText(text);
  const level = accessLevels.find((candidate) => candidate.spellings.includes(normalized));
  if (level && normalized !== '') return { ok: true, level };
  const known = accessLevels.map((candidate) => candidate.uiName);
  return {
    ok: false,
    reason: 'unknown_level',
    input: text,
    known,
    message:
      `"${text.trim()}" is not an Azure DevOps access level. ` +
      `Use one of: ${known.join(', ')} (Basic + Test Plans was called Test Manager, and Advanced on TFS).`,
  };
}

// ---- Visual Studio subscriptions ----

export interface VisualStudioSubscription {
  msdnLicenseType: MsdnLicenseType;
  name: string;
  /** The highest access level the subscription includes at no cost to the organization. */
  covers: AccessLevelId;
  /** Sold before Visual Studio 2015; existing subscribers were moved to today's editions. */
  retired: boolean;
}

const visualStudioSubscriptions: readonly VisualStudioSubscription[] = [
  { msdnLicenseType: 'professional', name: 'Visual Studio Professional', covers: 'basic', retired: false },
  { msdnLicenseType: 'enterprise', name: 'Visual Studio Enterprise', covers: 'basicTestPlans', retired: false },
  {
    msdnLicenseType: 'testProfessional',
    name: 'Visual Studio Test Professional',
    covers: 'basicTestPlans',
    retired: false,
  },
  { msdnLicenseType: 'platforms', name: 'MSDN Platforms', covers: 'basicTestPlans', retired: false },
  { msdnLicenseType: 'premium', name: 'Visual Studio Premium with MSDN', covers: 'basicTestPlans', retired: true },
  { msdnLicenseType: 'ultimate', name: 'Visual Studio Ultimate with MSDN', covers: 'basicTestPlans', retired: true },
];

/** The subscription behind an `msdnLicenseType`, or null for `none` and for `eligible` (not yet validated). */
export function visualStudioSubscription(msdnLicenseType: MsdnLicenseType): VisualStudioSubscription | null {
  return visualStudioSubscriptions.find((subscription) => subscription.msdnLicenseType === msdnLicenseType) ?? null;
}

/** Whether the user's Visual Studio subscription pays for `level`, so the organization is not charged. */
export function visualStudioCovers(msdnLicenseType: MsdnLicenseType, level: AccessLevelId): boolean {
  const subscription = visualStudioSubscription(msdnLicenseType);
  return subscription !== null && levelIncludes(subscription.covers, level);
}

// ---- describing what a user holds ----

export interface EntitlementDescription {
  /** The features the user gets; `none` when the user holds no access level. */
  level: AccessLevelId | 'none';
  /** What to show, e.g. "Basic" or "Visual Studio Enterprise subscriber". */
  label: string;
  includesTestPlans: boolean;
  visualStudio: VisualStudioSubscription | null;
  /** The user's Visual Studio subscription pays for the level, so the organization is not charged. */
  coveredByVisualStudio: boolean;
  /** A GitHub Enterprise Cloud licence gives the user Basic at no charge to the organization. */
  coveredByGitHubEnterprise: boolean;
  /** The API reported a licensing source the bot does not know; costs treat the user as paid, to be safe. */
  unknownLicensingSource: boolean;
  assignedByGroupRule: boolean;
  /** The REST value is a retired access level; the user still gets Basic features. */
  retiredLevel: boolean;
  /** One plain sentence on what the user has and who pays for it. */
  explanation: string;
}

/**
 * Reads REST access-level values the way the Users page does. With `licensingSource: msdn` the subscription itself is
 * the access level, unless a higher level is also assigned; otherwise the assigned `accountLicenseType` is, and a
 * Visual Studio subscription only decides who pays for it.
 */
export function describeEntitlement(rest: RestAccessLevel): EntitlementDescription {
  const visualStudio = visualStudioSubscription(rest.msdnLicenseType);
  const assigned = accessLevelFromAccountLicenseType(rest.accountLicenseType);
  const assignedByGroupRule = rest.assignmentSource === 'groupRule';
  const retiredLevel = rest.accountLicenseType in legacyAccountLicenseNames;
  const unknownLicensingSource = rest.licensingSource === 'unknown';
  const common = { visualStudio, assignedByGroupRule, retiredLevel, coveredByGitHubEnterprise: false, unknownLicensingSource };

  // GitHub Enterprise Cloud users are detected at sign-in (up to 24 hours) and get Basic at no charge, unless a
  // higher level is assigned, which the organization then pays in full.
  // https://learn.microsoft.com/azure/devops/organizations/accounts/faq-user-and-permissions-management
  if (rest.licensingSource === 'gitHub' && (assigned === null || levelIncludes('basic', assigned.id))) {
    return {
      ...common,
      level: 'basic',
      label: 'GitHub Enterprise user',
      includesTestPlans: false,
      coveredByVisualStudio: false,
      coveredByGitHubEnterprise: true,
      explanation:
        'GitHub Enterprise user: the GitHub Enterprise Cloud licence includes Basic (no Test Plans), so the ' +
        'organization pays nothing for this user. If that licence lapses, the user falls back to a group rule or ' +
        'the default access level, which may cost money.',
    };
  }

  const assignedAboveSubscription =
    assigned !== null && visualStudio !== null && !levelIncludes(visualStudio.covers, assigned.id);
  if (rest.licensingSource === 'msdn' && !assignedAboveSubscription) {
    const level = visualStudio?.covers ?? assigned?.id ?? 'basic';
    const label = visualStudio ? `${visualStudio.name} subscriber` : 'Visual Studio subscriber (edition not reported)';
    return {
      ...common,
      level,
      label,
      includesTestPlans: definitions[level].includesTestPlans,
      coveredByVisualStudio: true,
      explanation:
        `${label}: the subscription includes ${definitions[level].uiName}` +
        `${definitions[level].includesTestPlans ? ' (Test Plans included)' : ' (no Test Plans)'}, ` +
        'so the organization pays nothing for this user.',
    };
  }

  if (!assigned) {
    return {
      ...common,
      level: 'none',
      label: 'No access level',
      includesTestPlans: false,
      coveredByVisualStudio: false,
      explanation: 'The user holds no access level in this organization and costs nothing.',
    };
  }

  const label = legacyAccountLicenseNames[rest.accountLicenseType] ?? assigned.uiName;
  const coveredByVisualStudio = assigned.id !== 'stakeholder' && visualStudioCovers(rest.msdnLicenseType, assigned.id);
  const unknownSourceNote = unknownLicensingSource
    ? ' Its licensing source is one I do not recognise, so I count the user as paid to be safe.'
    : '';
  return {
    ...common,
    level: assigned.id,
    label,
    includesTestPlans: assigned.includesTestPlans,
    coveredByVisualStudio,
    explanation: explainAssignedLevel(label, assigned, visualStudio, coveredByVisualStudio) + unknownSourceNote,
  };
}

function explainAssignedLevel(
  label: string,
  assigned: AccessLevelDefinition,
  visualStudio: VisualStudioSubscription | null,
  coveredByVisualStudio: boolean,
): string {
  if (assigned.id === 'stakeholder') return `${label}: free, without Test Plans.`;
  if (coveredByVisualStudio && visualStudio) {
    return `${label}, paid by the user's ${visualStudio.name} subscription, so the organization is not charged.`;
  }
  if (visualStudio) {
    return (
      `${label}: ${visualStudio.name} covers ${definitions[visualStudio.covers].uiName} only, ` +
      `so the organization pays the full ${assigned.uiName} price.`
    );
  }
  return `${label}, paid by the organization.`;
}
