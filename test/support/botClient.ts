import { randomUUID } from 'node:crypto';

/** The Agents Playground's identities, which the sandbox maps to its demo users. */
export const playground = {
  tenantId: '00000000-0000-0000-0000-0000000000001',
  alex: { id: 'user-id-0', name: 'Alex Wilber', aadObjectId: '00000000-0000-0000-0000-0000000000020' },
  megan: { id: 'user-id-1', name: 'Megan Bowen', aadObjectId: '00000000-0000-0000-0000-0000000000021' },
  /** The other Project Collection Administrator of contoso-web in the sandbox seed. */
  patti: { id: 'user-id-4', name: 'Patti Fernandez', aadObjectId: '00000000-0000-0000-0000-0000000000024' },
};

export interface ActivityOverrides {
  text?: string;
  value?: unknown;
  type?: string;
  conversationId?: string;
  from?: { id: string; name: string; aadObjectId: string };
  tenantId?: string;
  extra?: Record<string, unknown>;
}

/** A Teams-shaped activity as the channel would POST it to /api/messages. */
export function teamsActivity(serviceUrl: string, overrides: ActivityOverrides = {}): Record<string, unknown> {
  const tenantId = overrides.tenantId ?? playground.tenantId;
  return {
    type: overrides.type ?? 'message',
    id: randomUUID(),
    timestamp: new Date().toISOString(),
    serviceUrl,
    channelId: 'msteams',
    locale: 'en-US',
    from: overrides.from ?? playground.alex,
    recipient: { id: 'bot-id', name: 'Billing bot' },
    conversation: { id: overrides.conversationId ?? 'personal-chat-1', conversationType: 'personal', tenantId },
    channelData: { tenant: { id: tenantId } },
    ...(overrides.text !== undefined ? { text: overrides.text } : {}),
    ...(overrides.value !== undefined ? { value: overrides.value } : {}),
    ...overrides.extra,
  };
}

export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}
