/** Who did what to billing. Append-only: a record is never rewritten, so history cannot be lost by a later bug. */
export interface AuditRecord {
  at: string;
  /** `billing.interrupted`: the process stopped after sending `intendedAction` to Azure and before hearing back. */
  action: 'billing.link' | 'billing.change' | 'billing.remove' | 'billing.interrupted';
  intendedAction?: 'billing.link' | 'billing.change' | 'billing.remove';
  actor: { aadObjectId: string; displayName?: string };
  organization: { id: string; name: string };
  oldSubscriptionId?: string;
  newSubscriptionId?: string;
  backend: 'sandbox' | 'azure';
  correlationId?: string;
}

export interface AuditLog {
  append(record: AuditRecord): Promise<void>;
  readAll(): Promise<AuditRecord[]>;
}
