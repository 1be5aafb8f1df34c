import type { SeatRequest } from '../../approvals/seatRequest.js';
import { describeStatus } from '../../approvals/seatRequest.js';
import type { CommandHandler } from '../../bot/contracts.js';
import { escapeUserText } from '../../cards/escape.js';
import type { CardRenderer } from '../../cards/renderer.js';
import { seatRequestDialogId, type SeatRequestOptions } from '../../dialogs/seatRequestDialog.js';
import { accessLevel } from '../../rules/accessLevels.js';
import type { AuditLog, AuditRecord } from '../../services/audit.js';
import type { BillingSetupService } from '../../services/billingSetup.js';
import type { SeatRequestService } from '../../services/seatRequests.js';
import type { ApprovalChannels } from './approvalChannels.js';
import type { SeatRequestNotifier } from './notifier.js';
import { requestNumberIn } from './trigger.js';
import { signedUsd } from '../../dialogs/seatRows.js';
import { approvalCardData } from './views.js';

/** Lists show the newest first and stop here; the rest is one command away. */
const listLimit = 10;

export function requestSeatsCommand(): CommandHandler {
  return async ({ startFlow, recognized }) => {
    const options: SeatRequestOptions = {
      organizationName: recognized.entities.organization,
      people: recognized.entities.emails,
      levelText: recognized.entities.level,
    };
    await startFlow(seatRequestDialogId, options);
  };
}

export function mySeatRequestsCommand(deps: { service: SeatRequestService; cards: CardRenderer }): CommandHandler {
  return async ({ context, caller }) => {
    const mine = await deps.service.mine(caller);
    await context.sendActivity({
      attachments: [
        deps.cards.attachment('seat-request-list', {
          title: 'Your seat requests',
          empty: 'You have not asked for any seats yet. Type **request seats** to start.',
          items: mine.slice(0, listLimit).map(listItem),
          note: mine.length > listLimit ? `Showing the newest ${listLimit} of ${mine.length}.` : 'To cancel a pending one, type **cancel request** and its number.',
        }),
      ],
    });
  };
}

/** Each open request the caller may decide on, as its approval card with the buttons. */
export function pendingApprovalsCommand(deps: { service: SeatRequestService; cards: CardRenderer }): CommandHandler {
  return async ({ context, caller }) => {
    const open = await deps.service.awaitingApproval(caller);
    if (open.length === 0) {
      await context.sendActivity('Nothing is waiting for your approval.');
      return;
    }
    const shown = open.slice(0, listLimit);
    await context.sendActivity(
      open.length > shown.length
        ? `${open.length} requests are waiting for you; here are the newest ${shown.length}.`
        : `${open.length} ${open.length === 1 ? 'request is' : 'requests are'} waiting for you.`,
    );
    // One message per card, each recorded, so a decision elsewhere updates these copies too (no stale buttons).
    const conversationId = context.activity.conversation?.id;
    for (const request of shown) {
      const sent = await context.sendActivity({ attachments: [deps.cards.attachment('seat-approval', approvalCardData(request, 'approver'))] });
      if (sent?.id && conversationId) await deps.service.recordCards(request.id, [{ conversationId, activityId: sent.id }]);
    }
  };
}

export function cancelSeatRequestCommand(deps: { service: SeatRequestService; notifier: SeatRequestNotifier }): CommandHandler {
  return async ({ context, caller, text }) => {
    const number = requestNumberIn(text);
    const request = number === undefined ? undefined : await deps.service.getByNumber(caller, number);
    if (!request) {
      await context.sendActivity(`I have no seat request ${number ?? ''}. Type **my requests** to see yours.`);
      return;
    }
    const outcome = await deps.service.cancel(caller, request.id);
    if (outcome.kind === 'done') {
      await deps.notifier.updateCards(outcome.request);
      await context.sendActivity(`Request ${request.number} is cancelled. Nothing was assigned.`);
    } else if (outcome.kind === 'not_allowed' || outcome.kind === 'already_decided' || outcome.kind === 'invalid') {
      await context.sendActivity(`${outcome.message} Nothing was changed.`);
    } else {
      await context.sendActivity(`Request ${request.number} changed meanwhile; type **my requests** to see where it stands.`);
    }
  };
}

/** A Project Collection Administrator routes an organization's approval cards to a team channel or group chat. */
export function approvalsHereCommand(deps: { billing: BillingSetupService; channels: ApprovalChannels; now: () => Date }): CommandHandler {
  return async ({ context, caller, recognized }) => {
    const conversation = context.activity.conversation;
    if (!conversation?.id || conversation.conversationType === 'personal') {
      await context.sendActivity(
        'Approvals go to a place approvers share: type this in a team channel or a group chat where the bot is added.',
      );
      return;
    }
    const administered = await deps.billing.organizations(caller);
    const named = recognized.entities.organization?.toLowerCase();
    const candidates = named ? administered.filter((org) => org.name.toLowerCase() === named) : administered;
    const checks = await Promise.all(candidates.map(async (org) => ({ org, admin: await deps.billing.isAdmin(caller, org) })));
    const mine = checks.filter((check) => check.admin).map((check) => check.org);
    if (mine.length === 0) {
      await context.sendActivity(
        named
          ? `Only a Project Collection Administrator of ${escapeUserText(recognized.entities.organization ?? '')} can choose where its approvals go.`
          : 'Only a Project Collection Administrator can choose where approvals go, and you administer none of your organizations.',
      );
      return;
    }
    if (mine.length > 1 && !named) {
      await context.sendActivity(
        `You administer several organizations; say which: ${mine.map((org) => `**send approvals here for ${org.name}**`).join(', ')}.`,
      );
      return;
    }
    const organization = mine[0];
    if (!organization) return;
    await deps.channels.set(organization.id, conversation.id, caller.aadObjectId, deps.now().toISOString());
    await context.sendActivity(
      `From now on, seat requests for ${organization.name} are posted here. Approvers see Approve and Reject on the card; everyone else sees its status.`,
    );
  };
}

/** The latest audit entries of the caller's organizations. */
export function auditCommand(deps: { audit: AuditLog; billing: BillingSetupService; cards: CardRenderer }): CommandHandler {
  return async ({ context, caller }) => {
    const visible = new Set((await deps.billing.organizations(caller)).map((org) => org.id.toLowerCase()));
    const records = (await deps.audit.readAll()).filter((record) => visible.has(record.organization.id.toLowerCase()));
    const latest = records.slice(-listLimit).reverse();
    await context.sendActivity({
      attachments: [
        deps.cards.attachment('seat-request-list', {
          title: 'Recent billing and seat changes',
          empty: 'Nothing has been changed through me in your organizations yet.',
          items: latest.map(auditItem),
          note: 'The full log is exported with `npm run audit:export -- --since YYYY-MM-DD` on the bot host.',
        }),
      ],
    });
  };
}

function listItem(request: SeatRequest) {
  return {
    title: `Request ${request.number}: ${accessLevel(request.level).uiName} for ${request.people.length} in ${request.organization.name}`,
    detail: `${describeStatus(request.status)} · ${signedUsd(request.cost.monthlyDelta)} a month · ${request.createdAt.slice(0, 10)} · ${request.people
      .slice(0, 3)
      .map((seat) => escapeUserText(seat.principalName))
      .join(', ')}${request.people.length > 3 ? ', …' : ''}`,
  };
}

function auditItem(record: AuditRecord) {
  const who = escapeUserText(record.actor.displayName ?? record.actor.aadObjectId);
  if ('requestId' in record) {
    return {
      title: `${record.at.slice(0, 16).replace('T', ' ')} · ${record.action} · request ${record.requestNumber}`,
      detail: `${who} · ${record.organization.name} · ${record.statusBefore ?? 'new'} → ${record.statusAfter} · ${record.level} · ${signedUsd(record.monthlyDelta)} a month`,
    };
  }
  return {
    title: `${record.at.slice(0, 16).replace('T', ' ')} · ${record.action}`,
    detail: `${who} · ${record.organization.name} · ${record.oldSubscriptionId ?? 'none'} → ${record.newSubscriptionId ?? 'none'}`,
  };
}
