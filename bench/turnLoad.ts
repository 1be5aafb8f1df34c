import { randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { BenchConnector } from './connector.js';
import { ascending, percentile } from './stats.js';

/** The Agents Playground's tenant; the sandbox acts as its default user for anyone it does not know. */
const tenantId = '00000000-0000-0000-0000-0000000000001';
/** contoso-web in the sandbox seed, which the default user administers. */
export const contosoWebId = '92ed1254-d205-48e1-b839-9fac3e829e8b';

/** One simulated person with a personal chat with the bot. */
export interface BenchConversation {
  conversationId: string;
  user: { id: string; name: string; aadObjectId: string };
}

export interface TurnKind {
  name: string;
  /** The activity the channel would POST for this turn. */
  activity(serviceUrl: string, conversation: BenchConversation): Record<string, unknown>;
  /** Messages answer through the connector (those replies are part of the turn); invokes in the HTTP response. */
  answersIn: 'connector' | 'response';
}

export interface PhaseResult {
  /** Timed turns. */
  turns: number;
  /** Every turn the bot served in the phase, the untimed first turn of each conversation included (for CPU/turn). */
  turnsServed: number;
  p50Ms: number;
  p99Ms: number;
  turnsPerSecond: number;
}

export interface LoadTarget {
  name: string;
  baseUrl: string;
  /** A text every correct answer of this kind contains (so an error card or an empty answer fails the bench). */
  expectedText(kind: TurnKind): string;
}

/** `count` people, each in their own personal chat, the same people for every turn kind and round. */
export function benchConversations(count: number): BenchConversation[] {
  return Array.from({ length: count }, (_, index) => {
    const suffix = String(index).padStart(12, '0');
    return {
      conversationId: `a:bench-personal-chat-${index}`,
      user: { id: `29:bench-user-${index}`, name: `Bench User ${index}`, aadObjectId: `6d9c1a00-0000-4000-8000-${suffix}` },
    };
  });
}

/** `text` may be a function of the turn's number in the run (1, 2, …), for a message that differs every turn. */
export function messageTurn(name: string, text: string | ((turn: number) => string)): TurnKind {
  let turns = 0;
  return {
    name,
    answersIn: 'connector',
    activity: (serviceUrl, conversation) => {
      turns += 1;
      return teamsActivity(serviceUrl, conversation, { type: 'message', text: typeof text === 'string' ? text : text(turns) });
    },
  };
}

export function executeTurn(name: string, verb: string, data: Record<string, string>): TurnKind {
  return {
    name,
    answersIn: 'response',
    activity: (serviceUrl, conversation) =>
      teamsActivity(serviceUrl, conversation, {
        type: 'invoke',
        name: 'adaptiveCard/action',
        value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
      }),
  };
}

function teamsActivity(serviceUrl: string, conversation: BenchConversation, fields: Record<string, unknown>): Record<string, unknown> {
  return {
    id: randomUUID(),
    timestamp: new Date().toISOString(),
    serviceUrl,
    channelId: 'msteams',
    locale: 'en-US',
    from: conversation.user,
    recipient: { id: '28:bench-bot', name: 'Billing bot' },
    conversation: { id: conversation.conversationId, conversationType: 'personal', tenantId },
    channelData: { tenant: { id: tenantId } },
    ...fields,
  };
}

/**
 * Every conversation sends one untimed turn (which opens its connection), then `turnsEach` turns one after the other (a person waits for the answer before typing
 * again), all conversations at once. A turn is timed from the first byte sent to the last byte of the HTTP response;
 * CloudAdapter answers only after the bot's logic has finished, and the logic awaits each reply the connector
 * acknowledged, so the replies are inside the time. Each turn is then checked: HTTP 200, and a reply (in the
 * connector or in the response) that contains the target's expected text.
 */
export async function runPhase(
  target: LoadTarget,
  connector: BenchConnector,
  kind: TurnKind,
  conversations: readonly BenchConversation[],
  turnsEach: number,
): Promise<PhaseResult> {
  const url = new URL('/api/messages', target.baseUrl);
  const expected = target.expectedText(kind);
  const latencies: number[] = [];
  // One connection per conversation, kept for the phase only: a connection idle through the other bot's phase may
  // be closed by the server just as it is reused, which would fail a turn that the bot never saw.
  const agent = new Agent({ keepAlive: true, maxSockets: conversations.length });
  const send = async (conversation: BenchConversation): Promise<number> => {
    const repliesBefore = connector.repliesTo(conversation.conversationId).count;
    const body = JSON.stringify(kind.activity(connector.serviceUrl, conversation));
    const sent = performance.now();
    const response = await post(agent, url, body);
    const latency = performance.now() - sent;
    const problem = checkTurn(kind, response, connector, conversation, repliesBefore, expected);
    if (problem) throw new Error(`${target.name}, ${kind.name}, ${conversation.conversationId}: ${problem}`);
    return latency;
  };
  try {
    // Every connection is opened by one untimed turn before the clock starts. Node accepts new connections behind
    // the requests of open ones, so when 50 connections opened at once under load, some conversations' first turn
    // waited up to a second for its connection, in the echo bot as in this one, and those 50 turns made the p99.
    await Promise.all(conversations.map(send));
    const started = performance.now();
    await Promise.all(
      conversations.map(async (conversation) => {
        for (let turn = 0; turn < turnsEach; turn++) latencies.push(await send(conversation));
      }),
    );
    const elapsedMs = performance.now() - started;
    const sorted = ascending(latencies);
    return {
      turns: latencies.length,
      turnsServed: latencies.length + conversations.length,
      p50Ms: percentile(sorted, 0.5),
      p99Ms: percentile(sorted, 0.99),
      turnsPerSecond: (latencies.length / elapsedMs) * 1000,
    };
  } finally {
    agent.destroy();
  }
}

function checkTurn(
  kind: TurnKind,
  response: { status: number; body: string },
  connector: BenchConnector,
  conversation: BenchConversation,
  repliesBefore: number,
  expected: string,
): string | undefined {
  if (response.status !== 200) return `HTTP ${response.status} ${response.body.slice(0, 300)}`;
  if (kind.answersIn === 'response') {
    return response.body.includes(expected) ? undefined : `the response lacks "${expected}": ${response.body.slice(0, 300)}`;
  }
  const replies = connector.repliesTo(conversation.conversationId);
  if (replies.count <= repliesBefore) return 'no reply reached the connector before the turn ended';
  const reply = replies.lastBody ?? '';
  return reply.includes(expected) ? undefined : `the reply lacks "${expected}": ${reply.slice(0, 300)}`;
}

function post(agent: Agent, url: URL, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', agent, headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) }, timeout: 30_000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('no answer within 30 s')));
    req.on('error', reject);
    req.end(body);
  });
}
