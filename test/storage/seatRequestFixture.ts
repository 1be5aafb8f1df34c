import type { SeatRequest, SeatRequestStatus } from '../../src/approvals/seatRequest.js';

/** A stored-shape request; tests vary number, status, organization and requester. */
export function seatRequest(
  number: number,
  overrides: { status?: SeatRequestStatus; organizationId?: string; requesterId?: string; id?: string } = {},
): SeatRequest {
  const at = '2026-11-30T00:00:00.000Z';
  return {
    id: overrides.id ?? `request-${number}`,
    number,
    version: 1,
    status: overrides.status ?? 'pending',
    tenantId: 'tenant-1',
    organization: { id: overrides.organizationId ?? 'ORG-A', name: 'org-a' },
    requester: { aadObjectId: overrides.requesterId ?? 'Requester-1', displayName: 'Megan Bowen' },
    level: 'basic',
    people: [{ principalName: `person${number}@example.com`, currentLevel: null, monthlyDelta: 6, why: 'a Basic seat' }],
    justification: 'new hire',
    cost: { monthlyDelta: 6, proratedDelta: 3, summary: '+$6 a month', priceAsOf: '2026-11-01' },
    createdAt: at,
    updatedAt: at,
    assignments: [],
    remindAt: at,
    expiresAt: at,
    cards: [],
  };
}
