import { Cron } from 'croner';
import type { OrganizationRef } from '../azure/ports.js';

/**
 * The monthly cost digest's schedule, as plain values: when the next digest is due, and how one instance claims a
 * due digest. Pure (no clock, no store): the service passes `now` and writes the result with a compare-and-set.
 */

/**
 * The 1st of every month at 09:00 UTC. Assignment-based billing is metered daily, so any day would do; the start of
 * the month is when admins look at last month's invoice, and 09:00 UTC is working hours in Europe and the morning
 * after in Asia-Pacific.
 */
export const digestCronPattern = '0 9 1 * *';
export const digestScheduleText = 'on the 1st of every month at 09:00 UTC';

// Paused: croner computes the dates; due digests are found by the app's background job from the stored schedule, so
// nothing depends on a timer surviving a restart.
const monthly = new Cron(digestCronPattern, { timezone: 'UTC', paused: true });

/** The first digest time strictly after `after`. */
export function nextDigestRun(after: Date): Date {
  const next = monthly.nextRun(after);
  if (!next) throw new Error(`The digest pattern "${digestCronPattern}" has no run after ${after.toISOString()}`);
  return next;
}

export interface DigestPerson {
  aadObjectId: string;
  displayName?: string;
}

/** What happened to the digest claimed for `dueAt`. */
export interface DigestRun {
  dueAt: string;
  claimedAt: string;
  outcome: 'claimed' | 'sent' | 'failed';
  /** Why it failed, in words safe to show an admin. */
  detail?: string;
}

/** One organization's digest subscription (one record per organization, kept after a stop for its history). */
export interface CostDigestSchedule {
  organization: OrganizationRef;
  tenantId: string;
  active: boolean;
  /** Days without a sign-in after which a paid user is listed. */
  inactiveDays: number;
  /**
   * Whose rights the monthly read uses: the person who turned the digest on. No one is in a turn when it runs, so the
   * app acts for them, as reminders do, and Azure DevOps still answers only what they may see.
   */
  subscriber: DigestPerson;
  changedBy: DigestPerson;
  changedAt: string;
  /** When the next digest is due; absent while stopped. */
  nextRunAt?: string;
  lastRun?: DigestRun;
}

/**
 * The schedule after this instance claims its due digest, or undefined when nothing is due. However many months the
 * process was down, one claim covers them: the next run is computed from `now`, not from the missed date, so a
 * restart sends the missed digest once and not once per missed month.
 */
export function claimIfDue(schedule: CostDigestSchedule, now: Date): CostDigestSchedule | undefined {
  if (!schedule.active || !schedule.nextRunAt) return undefined;
  if (Date.parse(schedule.nextRunAt) > now.getTime()) return undefined;
  return {
    ...schedule,
    nextRunAt: nextDigestRun(now).toISOString(),
    lastRun: { dueAt: schedule.nextRunAt, claimedAt: now.toISOString(), outcome: 'claimed' },
  };
}

/** A digest (re)started now: the first one goes out at the next regular time, not at once. */
export function startedSchedule(
  previous: CostDigestSchedule | undefined,
  start: { organization: OrganizationRef; tenantId: string; inactiveDays: number; by: DigestPerson; now: Date },
): CostDigestSchedule {
  const at = start.now.toISOString();
  return {
    organization: start.organization,
    tenantId: start.tenantId,
    active: true,
    inactiveDays: start.inactiveDays,
    subscriber: start.by,
    changedBy: start.by,
    changedAt: at,
    nextRunAt: nextDigestRun(start.now).toISOString(),
    ...(previous?.lastRun ? { lastRun: previous.lastRun } : {}),
  };
}

export function stoppedSchedule(schedule: CostDigestSchedule, by: DigestPerson, now: Date): CostDigestSchedule {
  const { nextRunAt: _dropped, ...rest } = schedule;
  return { ...rest, active: false, changedBy: by, changedAt: now.toISOString() };
}

/** The schedule with the outcome of the run claimed for `dueAt`; unchanged when a later run was claimed since. */
export function withOutcome(schedule: CostDigestSchedule, dueAt: string, outcome: 'sent' | 'failed', detail?: string): CostDigestSchedule {
  if (schedule.lastRun?.dueAt !== dueAt) return schedule;
  return { ...schedule, lastRun: { ...schedule.lastRun, outcome, ...(detail ? { detail } : {}) } };
}

export interface DigestManagerCheck {
  organizationName: string;
  isConfiguredApprover: boolean;
  isProjectCollectionAdmin: boolean;
}

/**
 * Who may start or stop an organization's digest: the people who may approve its seat requests (configured approvers
 * and its Project Collection Administrators), since the digest goes to their conversation and leads to downgrades
 * they approve.
 */
export function mayManageDigest(check: DigestManagerCheck): { allowed: true } | { allowed: false; message: string } {
  if (check.isConfiguredApprover || check.isProjectCollectionAdmin) return { allowed: true };
  return {
    allowed: false,
    message:
      `Only a Project Collection Administrator of ${check.organizationName} or one of my configured approvers can start ` +
      `or stop its cost digest. Organization settings > Permissions > Project Collection Administrators lists who that ` +
      'is (https://learn.microsoft.com/azure/devops/organizations/security/look-up-project-collection-administrators); ' +
      'ask one of them to type the same command.',
  };
}

/** A compare-and-set store of digest schedules, one per organization. */
export interface StoredDigestSchedule {
  schedule: CostDigestSchedule;
  eTag: string;
}

export interface CostDigestRepository {
  get(organizationId: string): Promise<StoredDigestSchedule | undefined>;
  list(): Promise<StoredDigestSchedule[]>;
  /**
   * Without `eTag`, creates the record only if none exists; with it, replaces the record only if it is unchanged
   * since it was read. False when another writer came first: nothing is written then.
   */
  put(schedule: CostDigestSchedule, eTag?: string): Promise<boolean>;
}
