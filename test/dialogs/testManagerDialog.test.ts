import { describe, expect, it } from '@jest/globals';
import { playground } from '../support/botClient.js';
import type { Turn } from '../support/botHarness.js';
import { backends, botPerTest } from './backends.js';

const personalAlex = 'personal-alex';
const personalMegan = 'personal-megan';

type Json = Record<string, unknown>;

function executeActions(node: unknown): Array<{ title: string; verb: string; data: Json }> {
  const found: Array<{ title: string; verb: string; data: Json }> = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      const record = value as Json;
      if (record.type === 'Action.Execute') found.push({ title: String(record.title), verb: String(record.verb), data: record.data as Json });
      Object.values(record).forEach(walk);
    }
  };
  walk(node);
  return found;
}

function invokeBody(turn: Turn): { status: number; body: { type: string; value: unknown } } {
  const response = turn.replies.find((reply) => reply.type === 'invokeResponse');
  if (!response) throw new Error('No invoke response');
  return response.value as { status: number; body: { type: string; value: unknown } };
}

describe.each(backends)('grant Test Manager in chat (%s backend)', (_name, makeBackend) => {
  const bot = botPerTest(makeBackend);

  it('asks where the testers work when the message does not say, and ends on Cancel without changing anything', async () => {
    const asked = await bot().say('grant Test Manager to bob@contoso.com');
    expect(asked.text).toContain('Where do the testers work?');
    const cancelled = await bot().click(asked.button('Cancel'));
    expect(cancelled.text).toContain('Cancelled. Nothing was changed.');
    expect(await bot().seatRequests.list({})).toEqual([]);
  });

  it('takes "<person> needs Test Plans" as this flow', async () => {
    const asked = await bot().say('bob@contoso.com needs Test Plans');
    expect(asked.text).toContain('Where do the testers work?');
  });

  it('Services: a Visual Studio Enterprise subscriber needs nothing, and nothing is requested', async () => {
    const asked = await bot().say('grant test manager to isaiah@example.com in contoso-web');
    const answered = await bot().click(asked.button('Azure DevOps Services'));
    expect(answered.text).toContain('Nothing to buy');
    expect(answered.text).toContain('Visual Studio Enterprise already includes Basic + Test Plans, so there is nothing to buy.');
    expect(await bot().seatRequests.list({})).toEqual([]);
    expect(bot().proactive.calls).toEqual([]);
  });

  it('Services: a mixed list raises one request for only those who need a seat, with the cost and the trial as an option', async () => {
    await bot().say('hi', playground.alex, personalAlex);
    const preview = await bot().say(
      'grant test manager in azure devops services to isaiah@example.com, lynner@example.com and leeg@example.com in contoso-web',
      playground.megan,
      personalMegan,
    );
    expect(preview.text).toContain('Request Test Manager (Basic + Test Plans) for contoso-web?');
    expect(preview.text).toMatch(/Estimate: \+\$52 a month/);
    expect(preview.text).toContain('leeg@example.com');
    expect(preview.text).toContain('Visual Studio Enterprise already includes Basic + Test Plans');
    expect(preview.text).toContain('Already has Basic + Test Plans');
    expect(preview.text).toContain('30-day Test Plans trial');
    const sent = await bot().click(preview.button('Send for approval'), playground.megan, personalMegan);
    expect(sent.text).toContain('Request 1 is waiting for approval');
    const [request] = await bot().seatRequests.list({});
    expect(request?.level).toBe('basicTestPlans');
    expect(request?.people.map((seat) => seat.principalName)).toEqual(['leeg@example.com']);
    expect(bot().proactive.sentTo(personalAlex)).toHaveLength(1);
  });

  it('TFS 2015 without Update 2 is not supported, with what to do instead', async () => {
    const asked = await bot().say('give our TFS 2015 testers Test Manager');
    expect(asked.text).toContain('Which update of TFS 2015?');
    const answer = await bot().click(asked.button('Update 1'));
    expect(answer.text).toContain('TFS 2015 Update 1 cannot use Test Manager paid through an organization');
    expect(answer.text).toContain('TFS 2015 Update 2 or later');
    expect(answer.text).toContain('client access licenses (CALs)');
    expect(await bot().seatRequests.list({})).toEqual([]);
  });

  it('reads the release typed instead of clicked, and explains one it cannot read', async () => {
    const asked = await bot().say('grant test manager to ann@example.com on our server');
    expect(asked.text).toContain('Which server do the testers use?');
    const wrong = await bot().say('TFS 2016');
    expect(wrong.text).toContain('is not a TFS or Azure DevOps Server version I recognize');
    const again = await bot().say('tfs 2015 update 1');
    expect(again.text).toContain('TFS 2015 Update 1 cannot use Test Manager');
  });

  it('Server: an organization without billing gets an offer to set it up first, and nothing is requested', async () => {
    const turn = await bot().say('give test manager to lidiah@example.com on Azure DevOps Server 2022 in contoso-mobile');
    expect(turn.text).toContain('contoso-mobile has no billing set up');
    expect(turn.button('Set up billing for contoso-mobile')).toEqual({ command: 'set up billing for contoso-mobile' });
    expect(await bot().seatRequests.list({})).toEqual([]);
  });

  it('Server: raises the request for who needs it, then shows the checklist with the TFS level, whose steps anyone can tick', async () => {
    const asked = await bot().say('give our TFS 2018 testers Test Manager');
    const people = await bot().click(asked.buttonNear('contoso-web', 'Choose'));
    expect(people.text).toContain('Grant Test Manager in contoso-web');
    const preview = await bot().click({ ...people.button('Check what they have'), people: 'isaiah@example.com, leeg@example.com', justification: 'release testing' });
    expect(preview.text).toContain('TFS 2018 users paid through contoso-web');
    expect(preview.text).toContain("server admin's checklist");
    const sent = await bot().click(preview.button('Send for approval'));
    expect(sent.text).toContain('Request 1 is waiting for approval');
    const checklist = sent.cards.at(-1);
    expect(JSON.stringify(checklist)).toContain('sets their access level to \\"Advanced\\"');
    expect(JSON.stringify(checklist)).toContain('0 of 5 steps done');
    expect(JSON.stringify(checklist)).toContain('1: waiting for approval');

    const [first] = executeActions(checklist);
    expect(first?.data).toEqual({ checklistId: expect.any(String), stepId: 'addOnServer', done: true });
    const ticked = invokeBody(
      await bot().activity(
        { type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb: first?.verb, data: first?.data }, trigger: 'manual' } },
        playground.megan,
        personalMegan,
      ),
    );
    expect(ticked.status).toBe(200);
    expect(JSON.stringify(ticked.body.value)).toContain('1 of 5 steps done');
    expect(JSON.stringify(ticked.body.value)).toContain('Done by Megan Bowen');
  });
});
