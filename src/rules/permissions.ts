import { billingDocUrl } from './docs.js';
import type { SubscriptionRole } from './restValues.js';

/**
 * Billing changes need two rights at once: Project Collection Administrator (organization owners are members) in
 * Azure DevOps, and Owner or Contributor on the Azure subscription that will pay. Changing the subscription needs no
 * role on the one that pays today: the docs' own case is a subscription whose owner has left
 * (https://learn.microsoft.com/azure/devops/organizations/billing/change-azure-subscription), and the bot's change is
 * a PUT of the organization resource in the new subscription only.
 *
 * Removing billing is different for the bot: it goes through Azure Resource Manager, which deletes the organization
 * resource (`Microsoft.VisualStudio/account`, operation Accounts_Delete in azure-rest-api-specs
 * specification/visualstudio) inside the subscription that pays today, and ARM authorizes a delete against that
 * resource's scope. So the bot's route needs Owner or Contributor there, a right the Organization settings > Billing
 * page itself does not ask for. The remove flow says so before the user confirms.
 */
export type BillingRequest =
  | { action: 'link'; isProjectCollectionAdmin: boolean; roleOnSubscription: SubscriptionRole }
  | { action: 'change'; isProjectCollectionAdmin: boolean; roleOnNewSubscription: SubscriptionRole }
  | { action: 'remove'; isProjectCollectionAdmin: boolean; roleOnCurrentSubscription: SubscriptionRole };

export type DenialCode =
  | 'not_pca'
  | 'missing_role'
  | 'missing_role_for_bot_removal'
  | 'missing_role_on_new_subscription'
  | 'own_request'
  | 'not_an_approver';

export interface Denial {
  code: DenialCode;
  message: string;
  docUrl: string;
}

/** When denied, `code` and `message` are the first denial's; `denials` lists all of them. */
export type PermissionDecision =
  | { allowed: true; code: 'allowed'; message: string }
  | { allowed: false; code: DenialCode; message: string; denials: Denial[] };

const canPay = (role: SubscriptionRole): boolean => role === 'Owner' || role === 'Contributor';

const actionWording: Record<BillingRequest['action'], string> = {
  link: 'set up billing',
  change: 'change the billing subscription',
  remove: 'remove billing',
};

function decide(denials: Denial[], allowedMessage: string): PermissionDecision {
  const [first] = denials;
  if (!first) return { allowed: true, code: 'allowed', message: allowedMessage };
  return { allowed: false, code: first.code, message: first.message, denials };
}

/** Whether a person may link, change or remove the organization's billing subscription. */
export function mayManageBilling(request: BillingRequest): PermissionDecision {
  const doing = actionWording[request.action];
  const denials: Denial[] = [];
  if (!request.isProjectCollectionAdmin) {
    denials.push({
      code: 'not_pca',
      message: `Only a Project Collection Administrator (organization owners are members) can ${doing}.`,
      docUrl: billingDocUrl('set-up-billing-for-your-organization-vs'),
    });
  }
  const roleDocUrl = billingDocUrl('add-backup-billing-managers');
  switch (request.action) {
    case 'link':
      if (!canPay(request.roleOnSubscription)) {
        denials.push({
          code: 'missing_role',
          message: `You need the Owner or Contributor role on the subscription to ${doing}.`,
          docUrl: roleDocUrl,
        });
      }
      break;
    case 'change':
      if (!canPay(request.roleOnNewSubscription)) {
        denials.push({
          code: 'missing_role_on_new_subscription',
          message: `You need the Owner or Contributor role on the new subscription to ${doing}.`,
          docUrl: billingDocUrl('change-azure-subscription'),
        });
      }
      break;
    case 'remove':
      if (!canPay(request.roleOnCurrentSubscription)) {
        denials.push({
          code: 'missing_role_for_bot_removal',
          message:
            'I remove billing by deleting the organization\'s billing resource in the subscription that pays today, ' +
            'and Azure only lets an Owner or Contributor of that subscription delete it. You can still remove ' +
            'billing yourself in Organization settings > Billing > Change billing > Remove billing.',
          docUrl: billingDocUrl('change-azure-subscription'),
        });
      }
      break;
  }
  return decide(
    denials,
    `You may ${doing}: you are a Project Collection Administrator with the needed subscription role.`,
  );
}

/**
 * Who may approve a seat request: anyone on the configured approver list, and every Project Collection Administrator
 * (they could assign the level themselves). Ids are Microsoft Entra object ids, taken from the activity, never from
 * card data.
 */
export interface SeatApprovalCheck {
  actorId: string;
  requesterId: string;
  approverIds: readonly string[];
  actorIsProjectCollectionAdmin: boolean;
}

const sameId = (a: string, b: string): boolean => a.trim().toLowerCase() === b.trim().toLowerCase();

export function mayApproveSeatRequest(check: SeatApprovalCheck): PermissionDecision {
  const denials: Denial[] = [];
  // Even an approver cannot approve their own request: someone else must agree to spend the money.
  if (sameId(check.actorId, check.requesterId)) {
    denials.push({
      code: 'own_request',
      message: 'You cannot approve your own request; another approver has to.',
      docUrl: billingDocUrl('buy-basic-access-add-users'),
    });
  }
  const isApprover = check.approverIds.some((id) => sameId(id, check.actorId));
  if (!isApprover && !check.actorIsProjectCollectionAdmin) {
    denials.push({
      code: 'not_an_approver',
      message: 'Only a configured approver or a Project Collection Administrator can approve seat requests.',
      docUrl: billingDocUrl('buy-basic-access-add-users'),
    });
  }
  const as = isApprover ? 'a configured approver' : 'a Project Collection Administrator';
  return decide(denials, `You may approve this request as ${as}.`);
}
