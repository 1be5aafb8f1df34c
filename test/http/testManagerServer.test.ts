import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { playground } from '../support/botClient.js';
import { cardBytes, cardProblems } from '../support/adaptiveCards.js';
import { invokeOver, sayOver, startTestApp, type RunningApp } from '../support/testApp.js';
import { findIn } from '../support/cardSearch.js';

const { patti } = playground;

type Json = Record<string, unknown>;

const find = findIn;

const submitButton = (node: unknown, title: string): Json => {
  const data = find(node, (record) => record.type === 'Action.Submit' && record.title === title)[0]?.data as Json | undefined;
  if (!data) throw new Error(`No "${title}" button in ${JSON.stringify(node)}`);
  return data;
};

describe('Test Manager for TFS users over HTTP, across a restart', () => {
  let running: RunningApp | undefined;
  let storageDir: string | undefined;
  afterEach(async () => {
    await running?.stop();
    if (storageDir) await rm(storageDir, { recursive: true, force: true });
  });

  const say = sayOver;
  const invoke = invokeOver;

  it('request → approved → checklist → two steps ticked → the ticks survive a restart on the same store', async () => {
    storageDir = await mkdtemp(join(tmpdir(), 'billing-bot-test-manager-'));
    running = await startTestApp({ STORAGE_DIR: storageDir });
    await say(running, 'hi', patti, 'personal-patti');

    const people = await say(running, 'give our TFS 2018 testers Test Manager in contoso-web', playground.alex, 'personal-alex');
    expect(JSON.stringify(people)).toContain('Grant Test Manager in contoso-web');
    const preview = await say(running, undefined, playground.alex, 'personal-alex', {
      ...submitButton(people, 'Check what they have'),
      people: 'leeg@example.com, isaiah@example.com',
      justification: 'release testing',
    });
    expect(JSON.stringify(preview)).toMatch(/Estimate: \+\$52 a month/);
    const sent = await say(running, undefined, playground.alex, 'personal-alex', submitButton(preview, 'Send for approval'));
    expect(JSON.stringify(sent)).toContain('Request 1 is waiting for approval');
    const checklistPost = sent.find((call) => JSON.stringify(call.body).includes('steps done'));
    const checklist = (checklistPost?.body.attachments as Array<{ content: Json }>)[0]?.content ?? {};
    expect(cardProblems(checklist)).toEqual([]);
    expect(cardBytes(checklist)).toBeLessThanOrEqual(28 * 1024);
    expect(JSON.stringify(checklist)).toContain('access level to \\"Advanced\\"');

    const approval = running.connector.calls.find((call) => call.path.startsWith('/v3/conversations/personal-patti/activities') && JSON.stringify(call.body).includes('Approve'));
    const approve = find(approval?.body, (record) => record.type === 'Action.Execute' && record.title === 'Approve')[0];
    const approved = await invoke(running, 'seatRequests/approve', approve?.data, patti, 'personal-patti');
    expect(JSON.stringify(approved.body.value)).toContain('Approved and assigned');

    const toggles = find(checklist, (record) => record.type === 'Action.Execute');
    const [first, second, third] = toggles;
    const ticked = await invoke(running, 'testManager/toggleStep', first?.data, patti, 'personal-patti');
    expect(ticked.status).toBe(200);
    const both = await invoke(running, 'testManager/toggleStep', second?.data, playground.alex, 'personal-alex');
    const afterTwo = JSON.stringify(both.body.value);
    expect(afterTwo).toContain('2 of 5 steps done');
    expect(afterTwo).toContain('Done by Patti Fernandez');
    expect(afterTwo).toContain('Done by Alex Wilber');
    expect(afterTwo).toContain('1: approved and assigned');
    // Every posted copy of the card (here Alex's chat) is updated in place.
    expect(running.connector.calls.some((call) => call.method === 'PUT' && call.path.startsWith('/v3/conversations/personal-alex/activities/') && JSON.stringify(call.body).includes('2 of 5 steps done'))).toBe(true);

    await running.stop();
    running = await startTestApp({ STORAGE_DIR: storageDir });
    const afterRestart = await invoke(running, 'testManager/toggleStep', third?.data, patti, 'personal-patti');
    const text = JSON.stringify(afterRestart.body.value);
    expect(text).toContain('3 of 5 steps done');
    expect(text).toContain('Done by Alex Wilber');
    // A retried click asks for the same state again and changes nothing.
    const again = await invoke(running, 'testManager/toggleStep', third?.data, patti, 'personal-patti');
    expect(JSON.stringify(again.body.value)).toContain('3 of 5 steps done');
    const undo = find(again.body.value, (record) => record.type === 'Action.Execute' && record.title === 'Undo')[0];
    const undone = await invoke(running, 'testManager/toggleStep', undo?.data, patti, 'personal-patti');
    expect(JSON.stringify(undone.body.value)).toContain('2 of 5 steps done');
  }, 60_000);
});
