import { escapeUserText } from '../../cards/escape.js';
import { SeatRequestDialog, type AnnounceRequest } from '../../dialogs/seatRequestDialog.js';
import type { CapabilityModule } from '../capability.js';
import { approveAction } from './actions/approve.js';
import { rejectAction } from './actions/reject.js';
import { retryAction } from './actions/retry.js';
import { viewAction } from './actions/view.js';
import { ApprovalChannels } from './approvalChannels.js';
import {
  approvalsHereCommand,
  auditCommand,
  cancelSeatRequestCommand,
  mySeatRequestsCommand,
  pendingApprovalsCommand,
  requestSeatsCommand,
} from './commands.js';
import { seatRequestNotifier, type SeatRequestNotifier } from './notifier.js';
import { runDueWork } from './schedule.js';
import {
  approvalsHereTrigger,
  auditTrigger,
  cancelSeatRequestTrigger,
  mySeatRequestsTrigger,
  pendingApprovalsTrigger,
  requestSeatsTrigger,
} from './trigger.js';

/**
 * Seat purchases approved in chat: request with a cost preview, exactly-once approval on a card every viewer sees
 * updated, assignment through Azure DevOps, notifications, reminders and expiry, and an audit of every step.
 */
export const seatRequests: CapabilityModule = {
  name: 'seat requests',
  commands: [
    { intent: 'requestSeats', replacesFlow: true, trigger: requestSeatsTrigger },
    { intent: 'mySeatRequests', replacesFlow: true, trigger: mySeatRequestsTrigger },
    { intent: 'pendingApprovals', replacesFlow: true, trigger: pendingApprovalsTrigger },
    { intent: 'cancelSeatRequest', replacesFlow: true, trigger: cancelSeatRequestTrigger },
    { intent: 'approvalsHere', replacesFlow: true, trigger: approvalsHereTrigger },
    { intent: 'audit', replacesFlow: true, trigger: auditTrigger },
  ],
  help: {
    title: 'Request seats',
    description:
      'Ask for Basic or Basic + Test Plans for up to 20 people. You see the monthly cost first; an approver decides on a card, and I assign the level. Also: my requests, pending approvals, send approvals here, audit.',
    example: 'request Basic + Test Plans for ann@contoso.com in contoso-web',
    button: 'Request seats',
    command: 'request seats',
  },
  create: (deps) => {
    const { seatRequests: service, cards, logger } = deps;
    const channels = new ApprovalChannels(deps.settings);
    const notifier = seatRequestNotifier(deps);
    const actionDeps = { service, notifier, cards, logger, invokeBudgetMs };
    return {
      handlers: {
        requestSeats: requestSeatsCommand(),
        mySeatRequests: mySeatRequestsCommand({ service, cards }),
        pendingApprovals: pendingApprovalsCommand({ service, cards }),
        cancelSeatRequest: cancelSeatRequestCommand({ service, notifier }),
        approvalsHere: approvalsHereCommand({ billing: deps.billing, channels, now: deps.now }),
        audit: auditCommand({ audit: deps.audit, billing: deps.billing, cards }),
      },
      dialogs: [
        new SeatRequestDialog({
          service,
          cards,
          newRunId: deps.newRunId,
          announce: announceInDialog(notifier),
        }),
      ],
      actions: [approveAction(actionDeps), rejectAction(actionDeps), retryAction(actionDeps), viewAction(actionDeps)],
      background: [{ name: 'seat request reminders and expiry', everyMs: deps.backgroundEveryMs, run: () => runDueWork(service, notifier) }],
    };
  },
};

/** Teams expects an invoke's answer within a few seconds; past this the card says "assigning now" and updates later. */
const invokeBudgetMs = 4_000;

/** How a dialog that just filed a request sends it to the approvers and tells the requester, in their turn. */
export function announceInDialog(notifier: SeatRequestNotifier): AnnounceRequest {
  return async (step, request) => {
    const caller = { aadObjectId: request.requester.aadObjectId, tenantId: request.tenantId, displayName: request.requester.displayName };
    const { deliveredTo, unreachable } = await notifier.announce(caller, request);
    await step.context.sendActivity(announcementText(request.number, request.organization.name, deliveredTo, unreachable));
  };
}

export function announcementText(number: number, organization: string, deliveredTo: string[], unreachable: number): string {
  const sent = `Request ${number} is waiting for approval; nothing is assigned until an approver agrees.`;
  if (deliveredTo.length === 0) {
    return (
      `${sent} But I could not reach any approver yet: no approvals channel is set for ${organization} (a Project Collection ` +
      'Administrator can type **send approvals here** in a team channel), and no approver has chatted with me. Ask an ' +
      `approver to message me and type **pending approvals**, or share the request number with them.`
    );
  }
  const others = unreachable > 0 ? ` ${unreachable} other approver(s) will see it when they type **pending approvals**.` : '';
  return `${sent} I sent it to ${deliveredTo.map(escapeUserText).join(', ')}.${others} I will tell you when someone decides.`;
}
