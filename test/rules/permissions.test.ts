import { describe, expect, it } from '@jest/globals';
import { mayApproveSeatRequest, mayManageBilling } from '../../src/rules/permissions.js';
import type { BillingRequest, DenialCode, SeatApprovalCheck } from '../../src/rules/permissions.js';

const codes = (decision: ReturnType<typeof mayManageBilling>): string[] =>
  decision.allowed ? [decision.code] : decision.denials.map((denial) => denial.code);

describe('mayManageBilling', () => {
  it.each<[string, BillingRequest, string[]]>([
    ['link as PCA and Owner', { action: 'link', isProjectCollectionAdmin: true, roleOnSubscription: 'Owner' }, ['allowed']],
    ['link as PCA and Contributor', { action: 'link', isProjectCollectionAdmin: true, roleOnSubscription: 'Contributor' }, ['allowed']],
    ['link as PCA without a role', { action: 'link', isProjectCollectionAdmin: true, roleOnSubscription: 'None' }, ['missing_role']],
    ['link as Owner but not PCA', { action: 'link', isProjectCollectionAdmin: false, roleOnSubscription: 'Owner' }, ['not_pca']],
    ['link with neither', { action: 'link', isProjectCollectionAdmin: false, roleOnSubscription: 'None' }, ['not_pca', 'missing_role']],
    [
      'change as PCA and Owner of the new subscription',
      { action: 'change', isProjectCollectionAdmin: true, roleOnNewSubscription: 'Owner' },
      ['allowed'],
    ],
    [
      'change without a role on the new subscription',
      { action: 'change', isProjectCollectionAdmin: true, roleOnNewSubscription: 'None' },
      ['missing_role_on_new_subscription'],
    ],
    [
      'change as a non-PCA without any role',
      { action: 'change', isProjectCollectionAdmin: false, roleOnNewSubscription: 'None' },
      ['not_pca', 'missing_role_on_new_subscription'],
    ],
    ['remove as PCA and Contributor', { action: 'remove', isProjectCollectionAdmin: true, roleOnCurrentSubscription: 'Contributor' }, ['allowed']],
    ['remove without a role', { action: 'remove', isProjectCollectionAdmin: true, roleOnCurrentSubscription: 'None' }, ['missing_role_for_bot_removal']],
    ['remove as Owner but not PCA', { action: 'remove', isProjectCollectionAdmin: false, roleOnCurrentSubscription: 'Owner' }, ['not_pca']],
  ])('%s → %j', (_name, request, expected) => {
    expect(codes(mayManageBilling(request))).toEqual(expected);
  });

  it('asks no role on the subscription that pays today to change billing (the docs: its owner may have left)', () => {
    const request = { action: 'change', isProjectCollectionAdmin: true, roleOnNewSubscription: 'Contributor' } as const;
    expect(mayManageBilling(request)).toMatchObject({ allowed: true });
  });

  it('explains that removing through the bot needs a role where the billing resource lives, and the portal route', () => {
    const decision = mayManageBilling({ action: 'remove', isProjectCollectionAdmin: true, roleOnCurrentSubscription: 'None' });
    expect(decision.message).toMatch(/subscription that pays today/);
    expect(decision.message).toMatch(/Organization settings > Billing > Change billing > Remove billing/);
  });

  it('leads with the first denial and words it for the action', () => {
    const decision = mayManageBilling({ action: 'remove', isProjectCollectionAdmin: false, roleOnCurrentSubscription: 'None' });
    expect(decision).toMatchObject({
      allowed: false,
      code: 'not_pca',
      message: 'Only a Project Collection Administrator (organization owners are members) can remove billing.',
    });
    expect(decision.allowed === false && decision.denials[1]?.docUrl).toBe(
      'https://learn.microsoft.com/azure/devops/organizations/billing/change-azure-subscription',
    );
  });
});

describe('mayApproveSeatRequest', () => {
  const approverId = 'aaaaaaaa-0000-0000-0000-000000000001';
  const requesterId = 'bbbbbbbb-0000-0000-0000-000000000002';
  const bystanderId = 'cccccccc-0000-0000-0000-000000000003';

  it.each<[string, SeatApprovalCheck, 'allowed' | DenialCode[]]>([
    ['a configured approver', { actorId: approverId, requesterId, approverIds: [approverId], actorIsProjectCollectionAdmin: false }, 'allowed'],
    ['a PCA who is not on the list', { actorId: bystanderId, requesterId, approverIds: [approverId], actorIsProjectCollectionAdmin: true }, 'allowed'],
    ['a PCA when no approvers are configured', { actorId: bystanderId, requesterId, approverIds: [], actorIsProjectCollectionAdmin: true }, 'allowed'],
    ['an approver whose id differs only in case', { actorId: approverId.toUpperCase(), requesterId, approverIds: [approverId], actorIsProjectCollectionAdmin: false }, 'allowed'],
    ['someone else', { actorId: bystanderId, requesterId, approverIds: [approverId], actorIsProjectCollectionAdmin: false }, ['not_an_approver']],
    ['an approver approving their own request', { actorId: approverId, requesterId: approverId, approverIds: [approverId], actorIsProjectCollectionAdmin: false }, ['own_request']],
    ['a PCA approving their own request', { actorId: requesterId, requesterId, approverIds: [], actorIsProjectCollectionAdmin: true }, ['own_request']],
    ['a requester who is no approver', { actorId: requesterId, requesterId, approverIds: [approverId], actorIsProjectCollectionAdmin: false }, ['own_request', 'not_an_approver']],
  ])('%s → %j', (_name, check, expected) => {
    const decision = mayApproveSeatRequest(check);
    expect(decision.allowed ? 'allowed' : decision.denials.map((denial) => denial.code)).toEqual(expected);
  });

  it('says why a self-approval is refused', () => {
    expect(mayApproveSeatRequest({ actorId: approverId, requesterId: approverId, approverIds: [approverId], actorIsProjectCollectionAdmin: true })).toMatchObject({
      allowed: false,
      code: 'own_request',
      message: 'You cannot approve your own request; another approver has to.',
    });
  });
});
