import { MemoryStorage } from 'botbuilder';
import type { AzureBackend } from '../../src/azure/ports.js';
import { createSandboxBackend, loadSandboxSeed } from '../../src/azure/sandbox/sandboxBackend.js';
import { postJson, teamsActivity, type ActivityOverrides } from './botClient.js';
import { Turn } from './botHarness.js';
import type { FakeConnector } from './fakeConnector.js';

export const contosoEngineering = 'Contoso Engineering (Pay-As-You-Go)';

/** One chat with the bot over HTTP: what the bot sent to this conversation, turn by turn. */
export class HttpChat {
  constructor(
    private readonly baseUrl: string,
    private readonly connector: FakeConnector,
    readonly conversationId: string,
    private readonly from?: ActivityOverrides['from'],
  ) {}

  /** Every reply the bot has sent to this conversation so far. */
  replies(): Turn {
    const prefix = `/v3/conversations/${encodeURIComponent(this.conversationId)}/`;
    return new Turn(this.connector.calls.filter((call) => call.path.startsWith(prefix)).map((call) => call.body));
  }

  /** Posts one activity; resolves with the HTTP status and what the bot sent to this conversation meanwhile. */
  async send(content: { text?: string; value?: Record<string, unknown> }): Promise<{ status: number; turn: Turn }> {
    const before = this.replies().replies.length;
    const activity = teamsActivity(this.connector.serviceUrl, { ...content, conversationId: this.conversationId, from: this.from });
    const response = await postJson(`${this.baseUrl}/api/messages`, activity);
    return { status: response.status, turn: new Turn(this.replies().replies.slice(before)) };
  }

  /** "set up billing for contoso-mobile" → pick `subscription` → the confirm card's "Link billing" data. */
  async upToConfirm(subscription = contosoEngineering): Promise<Record<string, unknown>> {
    const picker = await this.send({ text: 'set up billing for contoso-mobile' });
    const confirm = await this.send({ value: picker.turn.buttonNear(subscription, 'Use this') });
    return confirm.turn.button('Link billing');
  }
}

/** The sandbox tenant, with billing links held at the door until the test lets them through. */
export async function sandboxWithHeldLinks(): Promise<{
  backend: AzureBackend;
  /** Resolves when the nth link request reached "Azure". */
  linkArrived(n: number): Promise<void>;
  release(): void;
}> {
  const backend = createSandboxBackend({ storage: new MemoryStorage(), seed: await loadSandboxSeed() });
  const link = backend.arm.linkBilling.bind(backend.arm);
  let arrived = 0;
  const waiters: Array<{ n: number; resolve: () => void }> = [];
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => (release = resolve));
  backend.arm.linkBilling = async (...args) => {
    arrived += 1;
    for (const waiter of waiters.filter((w) => w.n <= arrived)) waiter.resolve();
    await released;
    return link(...args);
  };
  return {
    backend,
    linkArrived: (n) => (arrived >= n ? Promise.resolve() : new Promise((resolve) => waiters.push({ n, resolve }))),
    release: () => release(),
  };
}
