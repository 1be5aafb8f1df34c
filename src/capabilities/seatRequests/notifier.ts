import type { Activity, ConversationReference } from 'botbuilder';
import type { PostedCard, SeatRequest } from '../../approvals/seatRequest.js';
import type { Caller } from '../../azure/ports.js';
import type { ConversationReferenceStore } from '../../bot/conversationReferences.js';
import type { ProactiveMessenger } from '../../bot/proactive.js';
import type { CardRenderer } from '../../cards/renderer.js';
import type { Logger } from '../../logger.js';
import type { SeatRequestService } from '../../services/seatRequests.js';
import type { ApprovalChannels } from './approvalChannels.js';
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
    const posted: PostedCard[] = [];
    const deliveredTo: string[] = [];

    const channelId = await this.deps.channels.get(request.organization.id);
    const channel = channelId ? await this.deps.references.get(channelId) : undefined;
    if (channel) {
      const card = withRefresh(this.deps.cards.render('seat-approval', approvalCardData(request, 'readOnly')), request, refreshIds);
      const id = await this.post(channel, card);
      if (id) {
        posted.push({ conversationId: channelId as string, activityId: id });
        deliveredTo.push('the approvals channel');
      }
    }
    for (const { reference } of personal) {
      const userId = reference.user?.id;
      const card = withRefresh(this.deps.cards.render('seat-approval', approvalCardData(request, 'approver')), request, userId ? [userId] : []);
      const id = await this.post(reference, card);
      if (id && reference.conversation?.id) {
        posted.push({ conversationId: reference.conversation.id, activityId: id });
        deliveredTo.push(reference.user?.name ?? 'an approver');
      }
    }
    if (posted.length > 0) await this.deps.service.recordCards(request.id, posted);
    return { deliveredTo, unreachable: approvers.length - personal.length };
  }

  /** After a decision: every copy of the card shows the new state (approvers' copies keep the buttons that fit). */
  async updateCards(request: SeatRequest): Promise<void> {
    for (const posted of request.cards) {
      const reference = await this.deps.references.get(posted.conversationId);
      if (!reference) continue;
      const personal = reference.conversation?.conversationType === 'personal';
      const card = this.deps.cards.render('seat-approval', approvalCardData(request, personal ? 'approver' : 'readOnly'));
      try {
        await this.deps.proactive.update(reference, posted.activityId, cardActivity(card));
      } catch (error) {
        this.deps.logger.warn({ err: error, requestId: request.id, conversationId: posted.conversationId }, 'could not update an approval card');
      }
    }
  }

  async tellRequester(request: SeatRequest, text: string): Promise<void> {
    const reference = await this.deps.references.personalChatOf(request.requester.aadObjectId);
    if (!reference) {
      this.deps.logger.info({ requestId: request.id }, 'the requester has no personal chat with the bot; not notified');
      return;
    }
    const card = this.deps.cards.render('seat-approval', approvalCardData(request, 'readOnly'));
    await this.post(reference, { ...cardActivity(card), text });
  }

  /** A reminder goes to the same places as the card, as a new message so it is seen. */
  async remind(request: SeatRequest): Promise<void> {
    const caller = { aadObjectId: request.requester.aadObjectId, tenantId: request.tenantId, displayName: request.requester.displayName };
    const approvers = await this.deps.service.approversOf(caller, request);
    for (const { reference } of await this.personalChats(approvers)) {
      const card = this.deps.cards.render('seat-approval', approvalCardData(request, 'approver'));
      await this.post(reference, { ...cardActivity(card), text: `Reminder: seat request ${request.number} is still waiting for a decision.` });
    }
  }

  private async personalChats(aadObjectIds: string[]): Promise<Array<{ aadObjectId: string; reference: Partial<ConversationReference> }>> {
    const found = await Promise.all(
      aadObjectIds.map(async (aadObjectId) => ({ aadObjectId, reference: await this.deps.references.personalChatOf(aadObjectId) })),
    );
    return found.filter((entry): entry is { aadObjectId: string; reference: Partial<ConversationReference> } => entry.reference !== undefined);
  }

  private async post(reference: Partial<ConversationReference>, content: Partial<Activity> | object): Promise<string | undefined> {
    const activity = 'type' in content && content.type === 'AdaptiveCard' ? cardActivity(content) : (content as Partial<Activity>);
    try {
      return await this.deps.proactive.send(reference, activity);
    } catch (error) {
      this.deps.logger.warn({ err: error, conversationId: reference.conversation?.id }, 'could not post a seat-request message');
      return undefined;
    }
  }
}

function cardActivity(card: object): Partial<Activity> {
  return { type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: card }] };
}
