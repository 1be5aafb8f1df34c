import { describe, expect, it } from '@jest/globals';
import type { AuditRecord } from '../../src/services/audit.js';
import { auditToCsv } from '../../src/services/auditCsv.js';

const records: AuditRecord[] = [
  {
    at: '2026-10-31T23:59:59.000Z',
    action: 'billing.link',
    actor: { aadObjectId: 'a1', displayName: 'Alex' },
    organization: { id: 'o1', name: 'contoso-web' },
    newSubscriptionId: 's1',
    backend: 'sandbox',
  },
  {
    at: '2026-11-01T00:00:00.000Z',
    action: 'seat.rejected',
    actor: { aadObjectId: 'a2', displayName: '=HYPERLINK("https://evil.example","click")' },
    organization: { id: 'o1', name: 'contoso-web' },
    requestId: 'r1',
    requestNumber: 4,
    statusBefore: 'pending',
    statusAfter: 'rejected',
    level: 'Basic + Test Plans',
    people: ['ann@contoso.com', 'raj@contoso.com'],
    monthlyDelta: 104,
    detail: 'No budget, "really"\nnext quarter',
    backend: 'azure',
  },
];

describe('auditToCsv', () => {
  it('exports the records from the given day on, one row each, with a header', () => {
    const lines = auditToCsv(records, new Date('2026-11-01T00:00:00.000Z')).split('\r\n');
    expect(lines[0]).toBe(
      'at,action,actor_id,actor_name,organization_id,organization,request_number,status_before,status_after,access_level,people,monthly_delta_usd,old_subscription_id,new_subscription_id,detail,backend',
    );
    expect(lines.slice(1).join('\r\n')).toBe(
      `2026-11-01T00:00:00.000Z,seat.rejected,a2,"'=HYPERLINK(""https://evil.example"",""click"")",o1,contoso-web,4,pending,rejected,Basic + Test Plans,ann@contoso.com raj@contoso.com,104,,,"No budget, ""really""\nnext quarter",azure\r\n`,
    );
  });

  it('keeps billing changes with their subscriptions', () => {
    const csv = auditToCsv(records, new Date('2026-10-01T00:00:00.000Z'));
    expect(csv.split('\r\n')[1]).toBe('2026-10-31T23:59:59.000Z,billing.link,a1,Alex,o1,contoso-web,,,,,,,,s1,,sandbox');
  });
});
