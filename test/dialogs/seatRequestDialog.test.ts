import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { Activity } from 'botbuilder';
import type { AzureBackend } from '../../src/azure/ports.js';
import type { SeatRequestAuditRecord } from '../../src/services/audit.js';
import { cardBytes, cardProblems } from '../support/adaptiveCards.js';
import { playground } from '../support/botClient.js';
import { BotHarness, type Turn } from '../support/botHarness.js';
import { backends, type BackendUnderTest } from './backends.js';

const contosoWeb = { id: '92ed1254-d205-48e1-b839-9fac3e829e8b', name: 'contoso-web' };
const alex = { aadObjectId: playground.alex.aadObjectId, tenantId: playground.tenantId };
const personalAlex = 'personal-alex';
const personalMegan = 'personal-megan';

type Card = Record<string, unknown>;

/** The Action.Execute buttons of a card, by title, with the data they carry. */
function executeActions(card: unknown): Array<{ title: string; verb: string; data: Record<string, unknown> }> {
  const found: Array<{ title: string; verb: string; data: Record<string, unknown> }> = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (record.type === 'Action.Execute' && typeof record.verb === 'string') {
        found.push({ title: String(record.title), verb: record.verb, data: record.data as Record<string, unknown> });
      }
      Object.values(record).forEach(walk);
    }
  };
  walk(card);
  return found;
}

function cardOf(activity: Partial<Activity>): Card {
  const card = activity.attachments?.[0]?.content as Card | undefined;
  if (!card) throw new Error(`No card in ${JSON.stringify(activity)}`);
  expect(cardProblems(card)).toEqual([]);
  expect(cardBytes(card)).toBeLessThanOrEqual(28 * 1024);
  return card;
}

function invokeResult(turn: Turn): { status: number; body: { type: string; value: Card & { message?: string } } } {
  const response = turn.replies.find((reply) => reply.type === 'invokeResponse');
  if (!response) throw new Error('No invoke response');
  return response.value as { status: number; body: { type: string; value: Card & { message?: string } } };
}

async function levelOf(backend: AzureBackend, principalName: string): Promise<string | undefined> {
  const users = await backend.devops.listUserEntitlements(alex, contosoWeb);
  return users.find((user) => user.principalName.toLowerCase() === principalName)?.accessLevel.accountLicenseType;
}

describe.each(backends)('seat requests in chat (%s backend)', (_name, makeBackend) => {
  let backend: BackendUnderTest;
  let bot: BotHarness;
  beforeEach(async () => {
    backend = await makeBackend();
    bot = await BotHarness.create({ backend: backend.backend });
  });
  afterEach(async () => {
    await bot.close();
    await backend.close();
  });

  /** Alex (a PCA of contoso-web) has a personal chat with the bot; Megan asks for seats in hers. */
  async function requestAndSend(text: string): Promise<{ preview: Turn; sent: Turn }> {
    await bot.say('hi', playground.alex, personalAlex);
    const preview = await bot.say(text, playground.megan, personalMegan);
    const sent = await bot.click(preview.button('Send for approval'), playground.megan, personalMegan);
    return { preview, sent };
  }

  function approvalCardSentTo(conversationId: string): Card {
    const [message] = bot.proactive.sentTo(conversationId);
    if (!message) throw new Error(`Nothing was sent to ${conversationId}`);
    return cardOf(message.activity);
  }

  it('previews the cost, sends the card to an approver, assigns on approval and tells the requester', async () => {
    const { preview, sent } = await requestAndSend(
      'request Basic + Test Plans for leeg@example.com and lidiah@example.com in contoso-web because of release testing',
    );
    expect(preview.text).toContain('Request Basic + Test Plans in contoso-web?');
    expect(preview.text).toContain('leeg@example.com');
    expect(preview.text).toContain('not in the organization yet');
    expect(preview.text).toMatch(/Estimate: \+\$104 a month/);
    expect(sent.text).toContain('Request 1 is waiting for approval');
    expect(sent.text).toContain('Alex Wilber');
    expect(await levelOf(backend.backend, 'leeg@example.com')).toBe('stakeholder');

    const card = approvalCardSentTo(personalAlex);
    expect(JSON.stringify(card)).toContain('Seat request 1: Basic + Test Plans for 2 people');
    expect(card.refresh).toMatchObject({ action: { verb: 'seatRequests/view' }, userIds: [playground.alex.id] });
    const approve = executeActions(card).find((action) => action.title === 'Approve');
    expect(approve?.data).toEqual({ requestId: expect.any(String), version: 1 });

    const approved = invokeResult(
      await bot.activity({ type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb: approve?.verb, data: approve?.data }, trigger: 'manual' } }, playground.alex, personalAlex),
    );
    expect(approved.status).toBe(200);
    expect(JSON.stringify(approved.body.value)).toContain('Approved and assigned');
    expect(executeActions(approved.body.value)).toEqual([]);
    expect(await levelOf(backend.backend, 'leeg@example.com')).toBe('advanced');
    expect(await levelOf(backend.backend, 'lidiah@example.com')).toBe('advanced');

    const update = bot.proactive.calls.find((call) => call.kind === 'update' && call.conversationId === personalAlex);
    expect(JSON.stringify(update?.activity)).toContain('Approved and assigned');
    const [note] = bot.proactive.sentTo(personalMegan);
    expect(note?.activity.text).toContain('Alex Wilber approved your seat request 1');

    const actions = ((await bot.audit.readAll()) as SeatRequestAuditRecord[]).map((record) => [record.action, record.actor.aadObjectId, record.statusAfter]);
    expect(actions).toEqual([
      ['seat.requested', playground.megan.aadObjectId, 'pending'],
      ['seat.approved', playground.alex.aadObjectId, 'approved'],
      ['seat.assigned', playground.alex.aadObjectId, 'assigned'],
    ]);
  });

  it('asks with a form when who or which level is missing, and says what was wrong with bad addresses', async () => {
    await bot.say('hi', playground.alex, personalAlex);
    const form = await bot.say('request seats in contoso-web', playground.megan, personalMegan);
    expect(form.text).toContain('Request access in contoso-web');
    const submit = form.button('Preview the cost');
    const again = await bot.click({ ...submit, people: 'ann, [x](https://evil.example)', level: 'basic', justification: '' }, playground.megan, personalMegan);
    expect(again.text).toContain('is not a sign-in address');
    // Shown as text it is escaped; inside the input box it stays as typed (an input is not markdown).
    const texts = JSON.stringify(again.cards.flatMap((card) => (card.body as Array<Record<string, unknown>>).flatMap((block) => [block, ...((block.items as unknown[]) ?? [])])).filter((block) => (block as { type?: string }).type === 'TextBlock'));
    expect(texts).toContain('\\\\[x\\\\](https://evil.example)');
    expect(texts).not.toContain('"[x](https://evil.example)');
    const fixed = await bot.click({ ...again.button('Preview the cost'), people: 'ann@example.com', level: 'basic', justification: 'new hire' }, playground.megan, personalMegan);
    expect(fixed.text).toContain('Request Basic in contoso-web?');
  });

  it('refuses a request that changes nothing, with the reason for each person', async () => {
    const turn = await bot.say('request Basic + Test Plans for isaiah@example.com and lynner@example.com in contoso-web', playground.megan, personalMegan);
    expect(turn.text).toContain('nothing to request');
    expect(turn.text).toContain('Visual Studio Enterprise already includes Basic + Test Plans');
    expect(turn.text).toContain('Already has Basic + Test Plans');
    expect(bot.proactive.calls).toEqual([]);
  });

  it('refuses the requester approving their own request, a non-approver, a stale version and a forged id', async () => {
    const { sent } = await requestAndSend('request Basic for leeg@example.com in contoso-web');
    expect(sent.text).toContain('Request 1');
    const approve = executeActions(approvalCardSentTo(personalAlex)).find((action) => action.title === 'Approve');
    const click = (from: typeof playground.alex, data: unknown) =>
      bot.activity({ type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb: 'seatRequests/approve', data } } }, from, `personal-${from.name}`);

    const own = invokeResult(await click(playground.megan, approve?.data));
    expect(JSON.stringify(own.body.value)).toContain('You cannot approve your own request');
    const adele = { id: 'user-id-2', name: 'Adele Vance', aadObjectId: '00000000-0000-0000-0000-0000000000022' };
    const outsider = invokeResult(await click(adele, approve?.data));
    expect(JSON.stringify(outsider.body.value)).toContain('Only a configured approver or a Project Collection Administrator');
    const stale = invokeResult(await click(playground.alex, { ...approve?.data, version: 99 }));
    expect(JSON.stringify(stale.body.value)).toContain('out of date');
    const forged = invokeResult(await click(playground.alex, { requestId: 'not-a-request', version: 1 }));
    expect(forged).toMatchObject({ status: 404, body: { type: 'application/vnd.microsoft.error' } });

    expect(await levelOf(backend.backend, 'leeg@example.com')).toBe('stakeholder');
    const actions = ((await bot.audit.readAll()) as SeatRequestAuditRecord[]).map((record) => record.action);
    expect(actions).toEqual(['seat.requested']);
  });

  it('rejects with a reason the requester sees, and the request can no longer be approved', async () => {
    await requestAndSend('request Basic for leeg@example.com in contoso-web');
    const card = approvalCardSentTo(personalAlex);
    const reject = executeActions(card).find((action) => action.verb === 'seatRequests/reject');
    const invoke = (verb: string, data: unknown) =>
      bot.activity({ type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb, data } } }, playground.alex, personalAlex);
    const rejected = invokeResult(await invoke('seatRequests/reject', { ...reject?.data, reason: 'No budget until [January](https://x.example)' }));
    expect(JSON.stringify(rejected.body.value)).toContain('Rejected');
    expect(JSON.stringify(rejected.body.value)).toContain('No budget until \\\\[January\\\\]');
    const [note] = bot.proactive.sentTo(personalMegan);
    expect(note?.activity.text).toContain('rejected your seat request 1');
    const late = invokeResult(await invoke('seatRequests/approve', reject?.data));
    expect(JSON.stringify(late.body.value)).toContain('already rejected by');
    expect(await levelOf(backend.backend, 'leeg@example.com')).toBe('stakeholder');
  });

  it('lists my requests and lets the requester cancel a pending one', async () => {
    await requestAndSend('request Basic for leeg@example.com in contoso-web');
    const mine = await bot.say('my requests', playground.megan, personalMegan);
    expect(mine.text).toContain('Request 1: Basic for 1 in contoso-web');
    const byAlex = await bot.say('cancel request 1', playground.alex, personalAlex);
    expect(byAlex.text).toContain('Only the person who asked can cancel');
    const cancelled = await bot.say('cancel request 1', playground.megan, personalMegan);
    expect(cancelled.text).toContain('Request 1 is cancelled');
    const pending = await bot.say('pending approvals', playground.alex, personalAlex);
    expect(pending.text).toContain('Nothing is waiting for your approval');
  });

  it('shows pending approvals to an approver with the buttons', async () => {
    await requestAndSend('request Basic for leeg@example.com in contoso-web');
    const pending = await bot.say('pending approvals', playground.alex, personalAlex);
    expect(pending.text).toContain('1 request is waiting for you');
    expect(executeActions(pending.cards).map((action) => action.title)).toEqual(['Approve', 'Reject request']);
  });

  it('posts to the approvals chat a PCA chose, with the buttons for approvers who never chatted, a per-user refresh, and says so when nobody can be reached', async () => {
    const unreachable = await bot.say('request Basic for leeg@example.com in contoso-web', playground.megan, personalMegan);
    const sentAlone = await bot.click(unreachable.button('Send for approval'), playground.megan, personalMegan);
    expect(sentAlone.text).toContain('could not reach any approver yet');

    const group = { conversation: { id: 'group-approvers', name: 'Approvers', conversationType: 'groupChat', isGroup: true, tenantId: playground.tenantId } };
    const inPersonal = await bot.say('send approvals here', playground.alex, personalAlex);
    expect(inPersonal.text).toContain('team channel or a group chat');
    const byMember = await bot.activity({ ...group, text: 'send approvals here for contoso-web' }, playground.megan, 'group-approvers');
    expect(byMember.text).toContain('Only a Project Collection Administrator of contoso-web');
    const set = await bot.activity({ ...group, text: 'send approvals here for contoso-web' }, playground.alex, 'group-approvers');
    expect(set.text).toContain('seat requests for contoso-web are posted here');

    const { sent } = await requestAndSend('request Basic for miriamg@example.com in contoso-web');
    expect(sent.text).toContain('the approvals channel');
    const card = approvalCardSentTo('group-approvers');
    expect(executeActions({ body: card.body, actions: card.actions }).map((action) => action.title)).toEqual(['Approve', 'Reject request']);
    expect(JSON.stringify(card.body)).toContain("anyone else's click changes nothing");
    expect(card.refresh).toMatchObject({ action: { verb: 'seatRequests/view' }, userIds: [playground.alex.id] });

    const view = (from: typeof playground.alex) =>
      bot.activity({ ...group, type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb: 'seatRequests/view', data: (card.refresh as { action: { data: unknown } }).action.data }, trigger: 'automatic' } }, from, 'group-approvers');
    const approverView = invokeResult(await view(playground.alex)).body.value;
    expect(executeActions(approverView).map((action) => action.title)).toEqual(['Approve', 'Reject request']);
    expect(approverView.refresh).toBeUndefined();
    const requesterView = invokeResult(await view(playground.megan)).body.value;
    expect(executeActions(requesterView)).toEqual([]);
  });

  it('shows the latest audit entries of the caller\'s organizations', async () => {
    await requestAndSend('request Basic for leeg@example.com in contoso-web');
    const audit = await bot.say('audit', playground.alex, personalAlex);
    expect(audit.text).toContain('seat.requested');
    expect(audit.text).toContain('request 1');
  });
});
