import type { Activity, ConversationReference } from 'botbuilder';
import type { SeatRequest } from '../../approvals/seatRequest.js';
import type { Caller } from '../../azure/ports.js';
import type { ConversationReferenceStore } from '../../bot/conversationReferences.js';
import type { ProactiveMessenger } from '../../bot/proactive.js';
import type { CardRenderer } from '../../cards/renderer.js';
import type { Logger } from '../../logger.js';
import type { SeatRequestService } from '../../services/seatRequests.js';
import type { CapabilityDeps } from '../capability.js';
import { ApprovalChannels } from './approvalChannels.js';
import { approvalCardData, withRefresh } from './views.js';

export interface Announcement {
  /** Where the approval card went: "the approvals channel", approvers' names. */
  deliveredTo: string[];
  /** Approvers the bot cannot reach yet (they never opened a chat with it). */
  unreachable: number;
}

/**
 * Everything a seat request says to people who are not in the current turn: the approval card to approvers (the
 * organization's approvals channel and each approver's personal chat), updates of every copy after a decision, and
 * notes to the requester. Delivery problems are logged and never undo a decision: the request store is the truth.
 */
export class SeatRequestNotifier {
  constructor(
    private readonly deps: {
      service: SeatRequestService;
      references: ConversationReferenceStore;
      channels: ApprovalChannels;
      proactive: ProactiveMessenger;
      cards: CardRenderer;
      logger: Logger;
    },
  ) {}

  async announce(caller: Caller, request: SeatRequest): Promise<Announcement> {
    const approvers = await this.deps.service.approversOf(caller, request);
    const personal = await this.personalChats(approvers);
    const refreshIds = personal.map(({ reference }) => reference.user?.id).filter((id): id is string => Boolean(id));
    const deliveredTo: string[] = [];

    const channelId = await this.deps.channels.get(request.organization.id);
    const channel = channelId ? await this.deps.references.get(channelId) : undefined;
    if (channel && channelId) {
      // The buttons are on the shared copy too: approvers who never chatted with the bot must be able to act, and
      // every click is checked against the approver list. Approvers known by id also get their own view on refresh.
      const card = withRefresh(this.deps.cards.render('seat-approval', channelView(request)), request, refreshIds);
      if (await this.postAndRecord(request, channelId, channel, card)) deliveredTo.push('the approvals channel');
    }
    for (const { reference } of personal) {
      const userId = reference.user?.id;
      const conversationId = reference.conversation?.id;
      if (!conversationId) continue;
      const card = withRefresh(this.deps.cards.render('seat-approval', approvalCardData(request, 'approver')), request, userId ? [userId] : []);
      if (await this.postAndRecord(request, conversationId, reference, card)) deliveredTo.push(reference.user?.name ?? 'an approver');
    }
    return { deliveredTo, unreachable: approvers.length - personal.length };
  }

  /** After a decision: every copy of the card shows the new state (approvers' copies keep the buttons that fit). */
  async updateCards(request: SeatRequest): Promise<void> {
    for (const posted of request.cards) {
      const reference = await this.deps.references.get(posted.conversationId);
      if (!reference) continue;
      const personal = reference.conversation?.conversationType === 'personal';
      const card = this.deps.cards.render('seat-approval', personal ? approvalCardData(request, 'approver') : channelView(request));
      try {
        await this.deps.proactive.update(reference, posted.activityId, cardActivity(card));
      } catch (error) {
        this.deps.logger.warn({ err: error, requestId: request.id, conversationId: posted.conversationId }, 'could not update an approval card');
      }
    }
  }

  /** In the requester's personal chat, or else where they asked. */
  async tellRequester(request: SeatRequest, text: string): Promise<void> {
    const reference =
      (await this.deps.references.personalChatOf(request.requester.aadObjectId)) ??
      (request.requestedIn ? await this.deps.references.get(request.requestedIn) : undefined);
    if (!reference) {
      this.deps.logger.warn({ requestId: request.id }, 'nowhere to tell the requester about their seat request');
      return;
    }
    const card = this.deps.cards.render('seat-approval', approvalCardData(request, 'readOnly'));
    await this.post(reference, { ...cardActivity(card), text });
  }

  /** A reminder goes to the same places as the card, as a new message (recorded, so it is updated too). */
  async remind(request: SeatRequest): Promise<void> {
    const text = `Reminder: seat request ${request.number} is still waiting for a decision.`;
    const caller = { aadObjectId: request.requester.aadObjectId, tenantId: request.tenantId, displayName: request.requester.displayName };
    let sent = 0;
    const channelId = await this.deps.channels.get(request.organization.id);
    const channel = channelId ? await this.deps.references.get(channelId) : undefined;
    if (channel && channelId) {
      const card = this.deps.cards.render('seat-approval', channelView(request));
      if (await this.postAndRecord(request, channelId, channel, card, text)) sent += 1;
    }
    for (const { reference } of await this.personalChats(await this.deps.service.approversOf(caller, request))) {
      const conversationId = reference.conversation?.id;
      if (!conversationId) continue;
      const card = this.deps.cards.render('seat-approval', approvalCardData(request, 'approver'));
      if (await this.postAndRecord(request, conversationId, reference, card, text)) sent += 1;
    }
    if (sent === 0) this.deps.logger.warn({ requestId: request.id }, 'no approver could be reminded: no approvals channel and no approver chat');
  }

  /**
   * Posts one copy and records it at once, so a decision made a moment later updates it; if the request was decided
   * while this copy was on its way, the copy is brought up to date here.
   */
  private async postAndRecord(
    request: SeatRequest,
    conversationId: string,
    reference: Partial<ConversationReference>,
    card: object,
    text?: string,
  ): Promise<boolean> {
    const id = await this.post(reference, { ...cardActivity(card), ...(text ? { text } : {}) });
    if (!id) return false;
    await this.deps.service.recordCards(request.id, [{ conversationId, activityId: id }]);
    const now = await this.deps.service.get({ aadObjectId: request.requester.aadObjectId, tenantId: request.tenantId }, request.id);
    if (now && now.version !== request.version) await this.updateCards(now);
    return true;
  }

  private async personalChats(aadObjectIds: string[]): Promise<Array<{ aadObjectId: string; reference: Partial<ConversationReference> }>> {
    const found = await Promise.all(
      aadObjectIds.map(async (aadObjectId) => ({ aadObjectId, reference: await this.deps.references.personalChatOf(aadObjectId) })),
    );
    return found.filter((entry): entry is { aadObjectId: string; reference: Partial<ConversationReference> } => entry.reference !== undefined);
  }

  private async post(reference: Partial<ConversationReference>, activity: Partial<Activity>): Promise<string | undefined> {
    try {
      return await this.deps.proactive.send(reference, activity);
    } catch (error) {
      this.deps.logger.warn({ err: error, conversationId: reference.conversation?.id }, 'could not post a seat-request message');
      return undefined;
    }
  }
}

/** The notifier every flow that raises seat requests uses, built from the capability deps. */
export function seatRequestNotifier(deps: CapabilityDeps): SeatRequestNotifier {
  return new SeatRequestNotifier({
    service: deps.seatRequests,
    references: deps.references,
    channels: new ApprovalChannels(deps.settings),
    proactive: deps.proactive,
    cards: deps.cards,
    logger: deps.logger,
  });
}

/** The shared copy in an approvals channel: buttons for whoever may use them, and a word on who that is. */
function channelView(request: SeatRequest) {
  const data = approvalCardData(request, 'approver');
  const open = request.status === 'pending' || request.status === 'assignment_failed';
  return open ? { ...data, note: 'Only configured approvers and the organization\'s Project Collection Administrators can decide; anyone else\'s click changes nothing.' } : data;
}

function cardActivity(card: object): Partial<Activity> {
  return { type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: card }] };
}
