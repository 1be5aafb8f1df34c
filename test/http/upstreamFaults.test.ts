import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { createRestBackend } from '../../src/azure/rest/backend.js';
import { loadSandboxSeed } from '../../src/azure/sandbox/sandboxBackend.js';
import type { SeatRequestAuditRecord } from '../../src/services/audit.js';
import { playground } from '../support/botClient.js';
import { startFakeAzure, type FakeAzure } from '../support/fakeAzure/server.js';
import { readBody, send, type Reply } from '../support/fakeAzure/scriptedServer.js';
import { invokeOver, sayOver, startTestApp, type RunningApp } from '../support/testApp.js';
import { findIn } from '../support/cardSearch.js';

const { patti } = playground;

const find = findIn;

const isAssignment = (method: string, path: string) => /userentitlements/i.test(path) && (method === 'POST' || method === 'PATCH');

/**
 * Sits between the bot and the fake Azure DevOps: answers assignment calls from the script while it lasts (the
 * upstream fault), and forwards everything else, and every assignment call after the script, to the fake.
 */
async function startFaultProxy(
  target: string,
  script: Reply[],
  gate: Promise<void>,
): Promise<{ baseUrl: string; assignmentAttempts: number; close(): Promise<void> }> {
  const state = { assignmentAttempts: 0 };
  const server: Server = createServer((req, res) => {
    void readBody(req).then(async (body) => {
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      if (isAssignment(req.method ?? 'GET', path)) {
        state.assignmentAttempts += 1;
        // The first assignment call waits until the test has seen another chat answered meanwhile.
        await gate;
        const fault = script.shift();
        if (fault?.drop) return req.socket.destroy();
        if (fault?.delayMs) return void setTimeout(() => !res.destroyed && send(res, fault), fault.delayMs);
        if (fault) return send(res, fault);
      }
      const forwarded = httpRequest(`${target}${req.url}`, { method: req.method, headers: { ...req.headers, host: new URL(target).host } }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      forwarded.on('error', () => res.destroy());
      forwarded.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get assignmentAttempts() {
      return state.assignmentAttempts;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const rateLimited: Reply = { status: 429, headers: { 'Retry-After': '1' }, body: { message: 'Too many requests' } };
const serverError: Reply = { status: 500, body: { message: 'Internal error' } };
const reset: Reply = { status: 0, drop: true };
const tooSlow: Reply = { status: 200, delayMs: 3_000, body: {} };

interface FaultCase {
  name: string;
  script: Reply[];
  outcome: 'assigned' | 'assignment_failed';
}

const cases: FaultCase[] = [
  { name: '429 with Retry-After, then success', script: [rateLimited], outcome: 'assigned' },
  { name: 'one 500, then success', script: [serverError], outcome: 'assigned' },
  { name: '500s on every attempt', script: [serverError, serverError, serverError, serverError, serverError, serverError], outcome: 'assignment_failed' },
  { name: 'connection resets on every attempt', script: [reset, reset, reset, reset, reset, reset], outcome: 'assignment_failed' },
  { name: 'timeouts on every attempt', script: [tooSlow, tooSlow, tooSlow, tooSlow, tooSlow, tooSlow], outcome: 'assignment_failed' },
];

describe('upstream faults during an approval, through the real HTTP server', () => {
  jest.setTimeout(60_000);
  let running: RunningApp | undefined;
  let fake: FakeAzure | undefined;
  let proxy: Awaited<ReturnType<typeof startFaultProxy>> | undefined;
  afterEach(async () => {
    await running?.stop();
    await proxy?.close();
    await fake?.close();
  });

  const say = (text: string | undefined, from: typeof playground.alex, conversationId: string, value?: unknown) =>
    sayOver(running!, text, from, conversationId, value);
  const invoke = async (verb: string, data: unknown) => {
    const { status, body } = await invokeOver(running!, verb, data, playground.alex, 'personal-alex');
    return { status, text: JSON.stringify(body) };
  };

  it.each(cases)('$name: retried within bounds, then $outcome; nothing lost; other chats answered meanwhile', async ({ script, outcome }) => {
    fake = await startFakeAzure(loadSandboxSeed());
    const faults = [...script];
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    proxy = await startFaultProxy(fake.baseUrl, faults, gate);
    const options = { ...fake.backendOptions(), maxAttempts: 3, timeoutMs: 1_500, overallTimeoutMs: 15_000 };
    for (const key of ['armBaseUrl', 'vsspsBaseUrl', 'graphBaseUrl', 'vsaexBaseUrl'] as const) options[key] = proxy.baseUrl;
    running = await startTestApp({}, { backend: createRestBackend(options) });

    await say('hi', playground.alex, 'personal-alex');
    await say('hi', patti, 'personal-patti');
    const preview = await say('request Basic + Test Plans for leeg@example.com in contoso-web', playground.megan, 'personal-megan');
    const submit = find(preview, (record) => record.type === 'Action.Submit' && record.title === 'Send for approval')[0]?.data;
    const cards = await say(undefined, playground.megan, 'personal-megan', submit);
    const approve = find(cards, (record) => record.type === 'Action.Execute' && record.title === 'Approve')[0]?.data as { requestId: string };
    expect(approve).toBeDefined();

    let approvalDone = false;
    const approval = invoke('seatRequests/approve', approve).finally(() => (approvalDone = true));
    while (proxy.assignmentAttempts === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    // The approval is now waiting on Azure DevOps; another person's chat is answered meanwhile.
    const help = await say('help', playground.megan, 'personal-megan-2');
    expect(JSON.stringify(help)).toContain('What I can do');
    expect(approvalDone).toBe(false);
    release();
    const answered = await approval;
    expect(answered.status).toBe(200);

    // Bounded: one assignment call per person per attempt, never more than maxAttempts (3).
    expect(proxy.assignmentAttempts).toBeGreaterThanOrEqual(outcome === 'assigned' ? 2 : 1);
    expect(proxy.assignmentAttempts).toBeLessThanOrEqual(3);
    const request = (await running.app.audit.readAll()) as SeatRequestAuditRecord[];
    const last = request.at(-1)!;
    expect(last.action).toBe(outcome === 'assigned' ? 'seat.assigned' : 'seat.assignment_failed');
    expect(last.statusAfter).toBe(outcome);
    if (outcome === 'assignment_failed') {
      expect(last.detail).toMatch(/leeg@example\.com/);
      // Nothing lost: once Azure DevOps answers again, a retry assigns the seat.
      faults.length = 0;
      const retry = find(JSON.parse(answered.text), (record) => record.type === 'Action.Execute' && /retry/i.test(String(record.verb)))[0]?.data;
      expect(retry).toBeDefined();
      const retried = await invoke('seatRequests/retry', retry);
      expect(retried.status).toBe(200);
      expect(((await running.app.audit.readAll()) as SeatRequestAuditRecord[]).at(-1)).toMatchObject({ action: 'seat.assigned', statusAfter: 'assigned' });
    }
  });
});
