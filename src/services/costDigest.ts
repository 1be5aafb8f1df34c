import type { AzureBackend, Caller, Organization } from '../azure/ports.js';
import { defaultInactiveDays, sweepInactivePaidUsers, type CostSweepResult } from '../rules/costSweep.js';
import { CostSweepService } from './costSweep.js';
import {
  claimIfDue,
  mayManageDigest,
  startedSchedule,
  stoppedSchedule,
  withOutcome,
  type CostDigestRepository,
  type CostDigestSchedule,
  type DigestPerson,
} from './costDigestSchedule.js';

export interface CostDigestDeps {
  backend: AzureBackend;
  repository: CostDigestRepository;
  /** Configured seat approvers (Entra object ids): they may start and stop digests like administrators. */
  approverIds: readonly string[];
  now: () => Date;
}

/** Which organization a command is about, once the caller's organizations are read. */
export type OrganizationChoice =
  | { kind: 'one'; organization: Organization }
  | { kind: 'choose'; organizations: Organization[] }
  | { kind: 'not_found'; named?: string }
  | { kind: 'not_allowed'; message: string };

export type StartOutcome =
  | Exclude<OrganizationChoice, { kind: 'one' }>
  | { kind: 'invalid'; message: string }
  | { kind: 'started' | 'already' | 'updated'; schedule: CostDigestSchedule };

export type StopOutcome =
  | Exclude<OrganizationChoice, { kind: 'one' }>
  | { kind: 'stopped'; schedule: CostDigestSchedule }
  | { kind: 'not_running'; organization: Organization };

/** One month's digest: the sweep as the subscriber would see it, and why its saving may be off, if it may. */
export interface DigestContent {
  result: CostSweepResult;
  caveat?: string;
}

/** A compare-and-set that keeps losing means another writer is busy with the record; give up rather than spin. */
const maxWriteAttempts = 5;

const sameId = (a: string, b: string): boolean => a.trim().toLowerCase() === b.trim().toLowerCase();
const personOf = (caller: Caller): DigestPerson => ({
  aadObjectId: caller.aadObjectId,
  ...(caller.displayName ? { displayName: caller.displayName } : {}),
});

/**
 * The monthly cost digest: who turns it on and off for an organization, which digests are due (each claimed with a
 * compare-and-set, so a restart or a second instance never sends one twice), and what a digest says (the cost sweep
 * read with the subscriber's rights).
 */
export class CostDigestService {
  private readonly sweeps: CostSweepService;

  constructor(private readonly deps: CostDigestDeps) {
    this.sweeps = new CostSweepService({ backend: deps.backend, now: deps.now });
  }

  async start(caller: Caller, request: { organizationName?: string; inactiveDays?: number }): Promise<StartOutcome> {
    const inactiveDays = request.inactiveDays ?? defaultInactiveDays;
    // The sweep rule decides which periods are valid; asking it about no one checks the period alone.
    const check = sweepInactivePaidUsers({ organization: '', entitlements: [], now: this.deps.now(), inactiveDays, billing: { multiOrganizationBilling: false } });
    if (!check.ok) return { kind: 'invalid', message: check.message };
    const choice = await this.managedOrganization(caller, request.organizationName);
    if (choice.kind !== 'one') return choice;
    const { organization } = choice;
    for (let attempt = 0; attempt < maxWriteAttempts; attempt += 1) {
      const stored = await this.deps.repository.get(organization.id);
      const current = stored?.schedule;
      if (current?.active && current.inactiveDays === inactiveDays) return { kind: 'already', schedule: current };
      const schedule = current?.active
        ? { ...current, inactiveDays, changedBy: personOf(caller), changedAt: this.deps.now().toISOString() }
        : startedSchedule(current, { organization: { id: organization.id, name: organization.name }, tenantId: organization.tenantId, inactiveDays, by: personOf(caller), now: this.deps.now() });
      if (await this.deps.repository.put(schedule, stored?.eTag)) return { kind: current?.active ? 'updated' : 'started', schedule };
    }
    throw new Error(`The cost digest of ${organization.name} kept changing while it was being started`);
  }

  async stop(caller: Caller, request: { organizationName?: string }): Promise<StopOutcome> {
    const choice = await this.managedOrganization(caller, request.organizationName);
    if (choice.kind !== 'one') return choice;
    const { organization } = choice;
    for (let attempt = 0; attempt < maxWriteAttempts; attempt += 1) {
      const stored = await this.deps.repository.get(organization.id);
      if (!stored?.schedule.active) return { kind: 'not_running', organization };
      const schedule = stoppedSchedule(stored.schedule, personOf(caller), this.deps.now());
      if (await this.deps.repository.put(schedule, stored.eTag)) return { kind: 'stopped', schedule };
    }
    throw new Error(`The cost digest of ${organization.name} kept changing while it was being stopped`);
  }

  /** The digests of the organizations the caller can see, running or stopped. */
  async status(caller: Caller): Promise<CostDigestSchedule[]> {
    const visible = new Set((await this.deps.backend.devops.listOrganizations(caller)).map((org) => org.id.toLowerCase()));
    return (await this.deps.repository.list())
      .map(({ schedule }) => schedule)
      .filter((schedule) => schedule.tenantId === caller.tenantId && visible.has(schedule.organization.id.toLowerCase()))
      .sort((a, b) => a.organization.name.localeCompare(b.organization.name));
  }

  /**
   * Claims every digest due now. A claim is a compare-and-set on the record as read: when two instances race, one
   * write wins and the other finds the record changed and skips it. What the caller then sends happens at most once.
   */
  async claimDue(): Promise<CostDigestSchedule[]> {
    const now = this.deps.now();
    const claimed: CostDigestSchedule[] = [];
    for (const { schedule, eTag } of await this.deps.repository.list()) {
      const next = claimIfDue(schedule, now);
      if (next && (await this.deps.repository.put(next, eTag))) claimed.push(next);
    }
    return claimed;
  }

  /** The sweep behind one digest, read as the subscriber (the app acts for them; no one is in a turn). */
  async compose(schedule: CostDigestSchedule): Promise<DigestContent> {
    const caller: Caller = { ...schedule.subscriber, tenantId: schedule.tenantId };
    const { billing, caveat } = await this.sweeps.billingOf(caller, schedule.organization);
    const result = await this.sweeps.sweep(caller, { organization: schedule.organization, inactiveDays: schedule.inactiveDays, billing });
    return { result, ...(caveat ? { caveat } : {}) };
  }

  /**
   * Whether the run claimed for `dueAt` should still be posted: reading the users takes a while, and an admin told
   * "I will post no more" by a stop in the meantime must not then see a digest appear.
   */
  async stillDue(organizationId: string, dueAt: string): Promise<boolean> {
    const stored = await this.deps.repository.get(organizationId);
    return stored?.schedule.active === true && stored.schedule.lastRun?.dueAt === dueAt;
  }

  /** Records what became of the run claimed for `dueAt`, so "cost digest status" can tell. */
  async recordOutcome(organizationId: string, dueAt: string, outcome: 'sent' | 'failed', detail?: string): Promise<void> {
    for (let attempt = 0; attempt < maxWriteAttempts; attempt += 1) {
      const stored = await this.deps.repository.get(organizationId);
      if (!stored) return;
      const next = withOutcome(stored.schedule, dueAt, outcome, detail);
      if (next === stored.schedule || (await this.deps.repository.put(next, stored.eTag))) return;
    }
  }

  /**
   * The organization named (or the only one the caller may manage), after the permission check. Several and none
   * named: the caller picks. Named but not among theirs: not found, without saying whether it exists.
   */
  private async managedOrganization(caller: Caller, named: string | undefined): Promise<OrganizationChoice> {
    const visible = (await this.deps.backend.devops.listOrganizations(caller)).filter((org) => org.tenantId === caller.tenantId);
    const candidates = named ? visible.filter((org) => sameId(org.name, named)) : visible;
    if (candidates.length === 0) return { kind: 'not_found', ...(named ? { named } : {}) };
    const isConfiguredApprover = this.deps.approverIds.some((id) => sameId(id, caller.aadObjectId));
    const decisions = await Promise.all(
      candidates.map(async (organization) => ({
        organization,
        decision: mayManageDigest({
          organizationName: organization.name,
          isConfiguredApprover,
          isProjectCollectionAdmin: !isConfiguredApprover && (await this.deps.backend.devops.isProjectCollectionAdmin(caller, organization)),
        }),
      })),
    );
    const allowed = decisions.filter(({ decision }) => decision.allowed).map(({ organization }) => organization);
    const [first] = allowed;
    if (allowed.length === 1 && first) return { kind: 'one', organization: first };
    if (allowed.length > 1) return { kind: 'choose', organizations: allowed };
    const refusal = decisions[0]?.decision;
    return { kind: 'not_allowed', message: refusal && !refusal.allowed && candidates.length === 1 ? refusal.message : noneManagedMessage };
  }
}

const noneManagedMessage =
  'Only a Project Collection Administrator of an organization, or one of my configured approvers, can start or stop its ' +
  'cost digest, and you are neither for any of your organizations. Organization settings > Permissions > Project ' +
  'Collection Administrators lists who is (https://learn.microsoft.com/azure/devops/organizations/security/look-up-project-collection-administrators).';
