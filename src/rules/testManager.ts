import { accessLevel, describeEntitlement } from './accessLevels.js';
import { billingDocUrl } from './docs.js';
import { prices } from './prices.js';
import type { RestAccessLevel } from './restValues.js';
import { organizationBillingSupport, parseServerVersion, serverAccessLevelName, type ServerVersion } from './serverVersions.js';

/**
 * Test Manager (since 2019 the Basic + Test Plans access level) for people who work in Azure DevOps Services, or on
 * Azure DevOps Server / TFS and are paid monthly through an organization. Pure: what a person already holds and
 * where they work in, what to buy and what to set on the server out.
 * https://learn.microsoft.com/azure/devops/organizations/billing/buy-access-tfs-test-hub
 */

export type Deployment = 'services' | 'server';

/** Where the people work: Services, or a server of a known version. */
export type TestManagerTarget = { deployment: 'services' } | { deployment: 'server'; version: ServerVersion };

/** What a person holds in the paying organization, as far as Test Plans is concerned. */
export type PersonSituation =
  /** A Visual Studio subscription that includes Test Plans (Enterprise, Test Professional, MSDN Platforms). */
  | { kind: 'visualStudio'; subscription: string }
  /** Basic + Test Plans already assigned (paid by the organization). */
  | { kind: 'testPlansAssigned' }
  /** Anything less: not in the organization, Stakeholder, Basic, or a subscription without Test Plans. */
  | { kind: 'needsSeat'; current: string };

export type TestManagerOutcome =
  | { kind: 'nothing_to_buy'; why: string; serverLevel: string | null }
  | { kind: 'request_seat'; why: string; serverLevel: string | null }
  | { kind: 'not_supported'; why: string; serverLevel: null };

/** A person's situation from the REST access level the organization reports; null when they are not in it. */
export function personSituation(rest: RestAccessLevel | null): PersonSituation {
  if (!rest) return { kind: 'needsSeat', current: 'not in the organization yet' };
  const described = describeEntitlement(rest);
  if (described.coveredByVisualStudio && described.visualStudio?.covers === 'basicTestPlans') {
    return { kind: 'visualStudio', subscription: described.visualStudio.name };
  }
  if (described.level === 'basicTestPlans') return { kind: 'testPlansAssigned' };
  return { kind: 'needsSeat', current: described.label };
}

const testPlans = accessLevel('basicTestPlans').uiName;

/** What to do for one person: buy nothing, raise a seat request, or nothing possible (server too old). */
export function testManagerOutcome(target: TestManagerTarget, situation: PersonSituation): TestManagerOutcome {
  let serverLevel: string | null = null;
  if (target.deployment === 'server') {
    const support = organizationBillingSupport(target.version);
    if (!support.supported) return { kind: 'not_supported', why: support.reason, serverLevel: null };
    serverLevel = serverAccessLevelName('basicTestPlans', target.version);
  }
  switch (situation.kind) {
    case 'visualStudio':
      return {
        kind: 'nothing_to_buy',
        why: `${situation.subscription} already includes ${testPlans}, so there is nothing to buy.`,
        serverLevel,
      };
    case 'testPlansAssigned':
      return { kind: 'nothing_to_buy', why: `Already has ${testPlans} in the organization.`, serverLevel };
    case 'needsSeat':
      return { kind: 'request_seat', why: `Has ${situation.current}; needs ${testPlans}.`, serverLevel };
  }
}

// ---- reading where the people work from what was typed ----

const serverWords = /\b(tfs|team foundation( server)?|azure devops server|devops server|ado server|ads \d{4}|on-?prem(ises)?|our server)\b/;
const servicesWords = /\b(azure devops services|devops services|services|cloud|dev\.azure\.com|visualstudio\.com)\b/;
/** "TFS 2018", "Azure DevOps Server 2020.1", "TFS 2015 Update 2", "ADS 2022", or the year-less current release. */
const versionPhrase =
  /\b((?:team foundation server|tfs|azure devops server|devops server|ads)\s*\d{4}(?:(?:\s*(?:\.|update\s*|u\s*)\d+(?:\.\d+)?)|\s+rtm)?|azure devops server)\b/;

export function deploymentIn(text: string): Deployment | undefined {
  const lower = text.toLowerCase();
  if (serverWords.test(lower)) return 'server';
  if (servicesWords.test(lower)) return 'services';
  return undefined;
}

/** The server version named in a message, as text for `parseServerVersion`, when there is one. */
export function serverVersionIn(text: string): string | undefined {
  const match = versionPhrase.exec(text.toLowerCase());
  if (!match?.[1]) return undefined;
  return parseServerVersion(match[1]).ok ? match[1] : undefined;
}

/**
 * TFS 2015 named without an update: Update 2 decides whether organization-paid users work, so ask which one
 * instead of guessing.
 */
export function needsUpdateNumber(text: string, version: ServerVersion): boolean {
  return version.product === 'tfs' && version.year === 2015 && version.update === 0 && !/\b(rtm|update|u\s*\d|\.\d)\b/i.test(text);
}

/** The release buttons, oldest first; the current release is named without a year. */
export const serverVersionChoices: ReadonlyArray<{ title: string; value: string }> = [
  { title: 'TFS 2015', value: 'TFS 2015' },
  { title: 'TFS 2017', value: 'TFS 2017' },
  { title: 'TFS 2018', value: 'TFS 2018' },
  { title: 'Azure DevOps Server 2019', value: 'Azure DevOps Server 2019' },
  { title: 'Azure DevOps Server 2020', value: 'Azure DevOps Server 2020' },
  { title: 'Azure DevOps Server 2022', value: 'Azure DevOps Server 2022' },
  { title: 'Azure DevOps Server (current)', value: 'Azure DevOps Server' },
];

export const tfs2015UpdateChoices: ReadonlyArray<{ title: string; value: string }> = [
  { title: 'RTM (no update)', value: 'TFS 2015 RTM' },
  { title: 'Update 1', value: 'TFS 2015 Update 1' },
  { title: 'Update 2', value: 'TFS 2015 Update 2' },
  { title: 'Update 3', value: 'TFS 2015 Update 3' },
  { title: 'Update 4', value: 'TFS 2015 Update 4' },
];

/** What an admin of a server too old for organization-paid users can do instead. */
export function notSupportedAdvice(version: ServerVersion): string[] {
  const support = organizationBillingSupport(version);
  return [
    support.reason,
    `Install ${support.minimum.label} or later (any newer release works too); then users paid through an organization can use the server.`,
    'Or buy client access licenses (CALs) for the testers, or give them a Visual Studio Test Professional or Enterprise subscription, which includes the CAL.',
  ];
}

// ---- the server admin's checklist ----

export type ChecklistStepId = 'addOnServer' | 'sameIdentity' | 'serverIsSeparate' | 'freeUsersDoNotCount' | 'whenYouStopPaying';

export interface ChecklistStep {
  id: ChecklistStepId;
  text: string;
}

export interface ChecklistInput {
  version: ServerVersion;
  organizationName: string;
  people: readonly string[];
}

/** The order in which the steps are shown; a stored checklist records done steps by these ids. */
export const checklistStepIds: readonly ChecklistStepId[] = ['addOnServer', 'sameIdentity', 'serverIsSeparate', 'freeUsersDoNotCount', 'whenYouStopPaying'];

/** What the server admin does by hand once the people are paid for in the organization. */
export function checklistSteps(input: ChecklistInput): ChecklistStep[] {
  const level = serverAccessLevelName('basicTestPlans', input.version);
  if (!level || !organizationBillingSupport(input.version).supported) {
    throw new Error(`${input.version.label} cannot use users paid through an organization`);
  }
  const freeBasicUsers = prices.userPlans.basic.freeUsersPerOrganization;
  const who = listPeople(input.people);
  const texts: Record<ChecklistStepId, string> = {
    addOnServer:
      `On ${input.version.label}, a Team Foundation Administrator adds ${who} (the same accounts as in ${input.organizationName}) ` +
      `and sets their access level to "${level}" (Collection or server administration > Access levels).`,
    sameIdentity:
      `They sign in to Visual Studio Test Professional with the same identity they use in ${input.organizationName}; another account is not licensed.`,
    serverIsSeparate:
      `The server does not see what happens in ${input.organizationName}: when someone joins or leaves, change their level on the server by hand too.`,
    freeUsersDoNotCount: `The ${freeBasicUsers} free Basic users of ${input.organizationName} do not count for the server; everyone on it is paid for or licensed.`,
    whenYouStopPaying: `If you stop paying for them in ${input.organizationName}, remove them from the server or buy client access licenses (CALs).`,
  };
  return checklistStepIds.map((id) => ({ id, text: texts[id] }));
}

function listPeople(people: readonly string[]): string {
  if (people.length === 0) return 'the people';
  if (people.length <= 3) return people.join(', ');
  return `${people.slice(0, 3).join(', ')} and ${people.length - 3} more`;
}

// ---- the Test Plans trial ----

/**
 * The API tells only whether a trial is running now (users licensed through `trial`), not whether one ran before,
 * so the trial is offered unless one is visibly in use, and offered as "if you have not used it".
 */
export function testPlansTrialNote(levels: readonly RestAccessLevel[]): string | undefined {
  if (levels.some((level) => level.licensingSource === 'trial')) return undefined;
  return (
    `If the organization has not used its ${prices.userPlans.basicTestPlans.trialDays}-day Test Plans trial, a Project Collection ` +
    'Administrator can start it in Organization settings > Billing instead, and pay only if the team keeps Test Plans afterwards: ' +
    'https://learn.microsoft.com/azure/devops/organizations/billing/try-additional-features-vs'
  );
}

export const testManagerDocUrl = billingDocUrl('buy-access-tfs-test-hub');
