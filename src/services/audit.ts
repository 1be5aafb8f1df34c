import type { SeatRequestStatus } from '../approvals/seatRequest.js';

/** Who did what. Append-only: a record is never rewritten, so history cannot be lost by a later bug. */
export type AuditRecord = BillingAuditRecord | SeatRequestAuditRecord;

export interface AuditActor {
  aadObjectId: string;
  displayName?: string;
}

/**
 * Whose rights Azure checked: `user` when the calls were made on behalf of the person (Teams single sign-on with
 * `AZURE_USE_OBO=true`), `app` when they used the bot's own identity (the default mode, background work, sandbox).
 */
export type ActedAs = 'user' | 'app';

/** The REST backend calls Azure as the person exactly when the turn brought their single sign-on token. */
export function actedAs(actor: { ssoToken?: string }): ActedAs {
  return actor.ssoToken ? 'user' : 'app';
}

export interface BillingAuditRecord {
  at: string;
  /** `billing.interrupted`: the process stopped after sending `intendedAction` to Azure and before hearing back. */
  action: 'billing.link' | 'billing.change' | 'billing.remove' | 'billing.interrupted';
  intendedAction?: 'billing.link' | 'billing.change' | 'billing.remove';
  actor: AuditActor;
  organization: { id: string; name: string };
  oldSubscriptionId?: string;
  newSubscriptionId?: string;
  backend: 'sandbox' | 'azure';
  actedAs?: ActedAs;
  correlationId?: string;
}

export type SeatRequestAuditAction =
  | 'seat.requested'
  | 'seat.repriced'
  | 'seat.approved'
  | 'seat.rejected'
  | 'seat.cancelled'
  | 'seat.expired'
  | 'seat.reminded'
  | 'seat.assigned'
  | 'seat.assignment_failed'
  | 'seat.retried';

/** Every state change of a seat request: before and after, the people, the level and the cost it carried. */
export interface SeatRequestAuditRecord {
  at: string;
  action: SeatRequestAuditAction;
  actor: AuditActor;
  organization: { id: string; name: string };
  requestId: string;
  requestNumber: number;
  statusBefore: SeatRequestStatus | null;
  statusAfter: SeatRequestStatus;
  level: string;
  people: string[];
  monthlyDelta: number;
  /** A rejection reason, or the per-person assignment errors. */
  detail?: string;
  backend: 'sandbox' | 'azure';
  actedAs?: ActedAs;
}

export interface AuditLog {
  append(record: AuditRecord): Promise<void>;
  readAll(): Promise<AuditRecord[]>;
}
