import type { AuditRecord } from './audit.js';

/** The export's columns, one row per audit record; a column that does not apply to a record is empty. */
const columns = [
  'at',
  'action',
  'actor_id',
  'actor_name',
  'organization_id',
  'organization',
  'request_number',
  'status_before',
  'status_after',
  'access_level',
  'people',
  'monthly_delta_usd',
  'old_subscription_id',
  'new_subscription_id',
  'detail',
  'backend',
] as const;

/**
 * Audit records at or after `since` as CSV (RFC 4180: CRLF line ends, fields quoted when needed). A cell that a
 * spreadsheet would run as a formula (starting with =, +, -, @, tab or carriage return) is prefixed with an
 * apostrophe: names and reasons in the log were typed by people.
 */
export function auditToCsv(records: readonly AuditRecord[], since: Date): string {
  const rows = records.filter((record) => Date.parse(record.at) >= since.getTime()).map(rowOf);
  return [columns.join(','), ...rows.map((row) => columns.map((column) => cell(row[column])).join(','))].join('\r\n') + '\r\n';
}

type Row = Record<(typeof columns)[number], string | number | undefined>;

function rowOf(record: AuditRecord): Row {
  const common = {
    at: record.at,
    action: record.action,
    actor_id: record.actor.aadObjectId,
    actor_name: record.actor.displayName,
    organization_id: record.organization.id,
    organization: record.organization.name,
    backend: record.backend,
  };
  if ('requestId' in record) {
    return {
      ...common,
      request_number: record.requestNumber,
      status_before: record.statusBefore ?? '',
      status_after: record.statusAfter,
      access_level: record.level,
      people: record.people.join(' '),
      monthly_delta_usd: record.monthlyDelta,
      old_subscription_id: undefined,
      new_subscription_id: undefined,
      detail: record.detail,
    };
  }
  return {
    ...common,
    request_number: undefined,
    status_before: undefined,
    status_after: undefined,
    access_level: undefined,
    people: undefined,
    monthly_delta_usd: undefined,
    old_subscription_id: record.oldSubscriptionId,
    new_subscription_id: record.newSubscriptionId,
    detail: record.intendedAction ? `interrupted while sending ${record.intendedAction}` : undefined,
  };
}

function cell(value: string | number | undefined): string {
  if (value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
