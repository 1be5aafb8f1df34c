import { accessLevel } from './accessLevels.js';
import type { AccessLevelId } from './accessLevels.js';
import { billingDocUrl } from './docs.js';
import { prices } from './prices.js';

/** Team Foundation Server until 2018; renamed Azure DevOps Server from 2019. */
export type ServerProduct = 'tfs' | 'azureDevOpsServer';

export interface ServerVersion {
  product: ServerProduct;
  /** null for the current release, which Microsoft names just "Azure DevOps Server", without a year. */
  year: number | null;
  /** 0 for the original release (RTM). */
  update: number;
  /** The point release of an update: 1 in "Update 3.1" or "2020.1.1". */
  patch: number;
  /** Canonical name, e.g. "TFS 2015 Update 2" or "Azure DevOps Server 2020 Update 1.1". */
  label: string;
}

export type ServerVersionParse =
  | { ok: true; version: ServerVersion }
  | { ok: false; reason: 'unrecognized'; input: string; message: string };

/** Releases that exist, with their last numbered update, so "TFS 2016" or "TFS 2015 Update 7" are not accepted. */
const releases: readonly { year: number; lastUpdate: number }[] = [
  { year: 2005, lastUpdate: 0 },
  { year: 2008, lastUpdate: 0 },
  { year: 2010, lastUpdate: 0 },
  { year: 2012, lastUpdate: 4 },
  { year: 2013, lastUpdate: 5 },
  { year: 2015, lastUpdate: 4 },
  { year: 2017, lastUpdate: 3 },
  { year: 2018, lastUpdate: 3 },
  { year: 2019, lastUpdate: 1 },
  { year: 2020, lastUpdate: 1 },
  { year: 2022, lastUpdate: 2 },
];

const firstAzureDevOpsServerYear = 2019;
/** The year-less "Azure DevOps Server" came after the last yearly release, so it sorts right after it. */
const currentReleaseOrder = Math.max(...releases.map((release) => release.year)) + 1;
const currentReleaseName = /^(?:azure devops server|ado server)(?:\s+\(?current\)?)?$/;
/** TFS 2015 introduced today's level names (Stakeholder, Basic, Advanced); older servers named them differently. */
const firstYearWithCurrentLevelNames = 2015;

// The product word is optional and not trusted: people write "TFS 2019" or "ADS 2018", and the year decides.
const productPrefix = /^(?:team foundation server|tfs|azure devops server|azure devops|devops server|ads)\s*/;
const releasePattern = /^(\d{4})(?:\s*(?:\.|update\s*|u\s*)(\d+)(?:\.(\d+))?|\s+rtm)?$/;

function labelOf(product: ServerProduct, year: number, update: number, patch: number): string {
  const name = product === 'tfs' ? 'TFS' : 'Azure DevOps Server';
  const updatePart = update > 0 || patch > 0 ? ` Update ${update}${patch > 0 ? `.${patch}` : ''}` : '';
  return `${name} ${year}${updatePart}`;
}

export function parseServerVersion(text: string): ServerVersionParse {
  const normalized = text.toLowerCase().replace(/[,()]/g, ' ').replace(/\s+/g, ' ').trim();
  if (currentReleaseName.test(normalized)) {
    return { ok: true, version: { product: 'azureDevOpsServer', year: null, update: 0, patch: 0, label: 'Azure DevOps Server' } };
  }
  const match = releasePattern.exec(normalized.replace(productPrefix, ''));
  const year = Number(match?.[1]);
  const update = Number(match?.[2] ?? 0);
  const patch = Number(match?.[3] ?? 0);
  const release = releases.find((candidate) => candidate.year === year);
  if (!match || !release || update > release.lastUpdate) {
    return {
      ok: false,
      reason: 'unrecognized',
      input: text,
      message:
        `"${text.trim()}" is not a TFS or Azure DevOps Server version I recognize. ` +
        'Write it like "TFS 2015 Update 2", "TFS 2018", "Azure DevOps Server 2022.1" or, for the current ' +
        'release, just "Azure DevOps Server".',
    };
  }
  const product: ServerProduct = year >= firstAzureDevOpsServerYear ? 'azureDevOpsServer' : 'tfs';
  return { ok: true, version: { product, year, update, patch, label: labelOf(product, year, update, patch) } };
}

/** Negative when `a` is older than `b`, zero when equal, positive when newer. */
export function compareServerVersions(a: ServerVersion, b: ServerVersion): number {
  const order = (version: ServerVersion) => version.year ?? currentReleaseOrder;
  return order(a) - order(b) || a.update - b.update || a.patch - b.patch;
}

function requireVersion(text: string): ServerVersion {
  const parsed = parseServerVersion(text);
  if (!parsed.ok) throw new Error(`prices.json limits.minimumServerVersionForOrgBilling is not a version: ${text}`);
  return parsed.version;
}

/** The oldest server that can use users paid through an organization, read from the price data file. */
export const minimumServerVersionForOrgBilling: ServerVersion = requireVersion(
  prices.limits.minimumServerVersionForOrgBilling,
);

/**
 * The access-level name to set on the server for a level bought in the organization, or null for servers older than
 * TFS 2015, whose levels had other names and which cannot use organization-paid users anyway.
 */
export function serverAccessLevelName(level: AccessLevelId, version: ServerVersion): string | null {
  if (version.year !== null && version.year < firstYearWithCurrentLevelNames) return null;
  return levelNameOn(version.product, level);
}

function levelNameOn(product: ServerProduct, level: AccessLevelId): string {
  const { serverName } = accessLevel(level);
  return product === 'tfs' ? serverName.tfs : serverName.azureDevOpsServer;
}

export interface OrganizationBillingSupport {
  version: ServerVersion;
  /** Whether the server can use users paid monthly through an Azure DevOps organization instead of CALs. */
  supported: boolean;
  minimum: ServerVersion;
  reason: string;
  /** The server access levels to set by hand for users paid in the organization; null when not supported. */
  serverAccessLevels: Record<AccessLevelId, string> | null;
  /** What admins must remember when they pay this way. */
  reminders: string[];
  docUrl: string;
}

export function organizationBillingSupport(version: ServerVersion): OrganizationBillingSupport {
  const minimum = minimumServerVersionForOrgBilling;
  const docUrl = billingDocUrl('buy-access-tfs-test-hub');
  if (compareServerVersions(version, minimum) < 0) {
    return {
      version,
      supported: false,
      minimum,
      reason:
        `${version.label} is older than ${minimum.label}, the first version that can use users paid through an ` +
        'Azure DevOps organization. Upgrade the server, or buy client access licenses (CALs).',
      serverAccessLevels: null,
      reminders: [],
      docUrl,
    };
  }
  const levelNames: Record<AccessLevelId, string> = {
    stakeholder: levelNameOn(version.product, 'stakeholder'),
    basic: levelNameOn(version.product, 'basic'),
    basicTestPlans: levelNameOn(version.product, 'basicTestPlans'),
  };
  const freeBasicUsers = prices.userPlans.basic.freeUsersPerOrganization;
  return {
    version,
    supported: true,
    minimum,
    reason:
      `${version.label} can use users paid monthly through an Azure DevOps organization. On the server, give them ` +
      `"${levelNames.basic}" for Basic and "${levelNames.basicTestPlans}" for Basic + Test Plans.`,
    serverAccessLevels: levelNames,
    reminders: [
      'The server does not see the organization: add the same users on the server and set their access level by hand.',
      `The organization's ${freeBasicUsers} free Basic users do not cover anyone on the server.`,
      'If you stop paying for these users in the organization, remove them from the server or buy CALs for them.',
      'Users with Basic + Test Plans in the organization can also use Visual Studio Test Professional, signed in ' +
        'with the same identity they use for the organization.',
      'Visual Studio subscribers need nothing extra, and Stakeholders are free.',
    ],
    docUrl,
  };
}
