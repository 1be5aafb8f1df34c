import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { CardResponse, ErrorResponse } from '../../src/bot/contracts.js';
import { cardProblems } from '../support/adaptiveCards.js';
import { playground, postJson, teamsActivity } from '../support/botClient.js';
import { startTestApp, type RunningApp } from '../support/testApp.js';

/** contoso-web in the sandbox seed: billed to Pay-As-You-Go, Alex is its Project Collection Administrator. */
const contosoWeb = '92ed1254-d205-48e1-b839-9fac3e829e8b';
const outsider = '7d1a4c2e-0b3f-4e5a-9c8d-2f6e1a0b3c4d';

function execute(serviceUrl: string, value: unknown, overrides: { tenantId?: string } = {}): Record<string, unknown> {
  return teamsActivity(serviceUrl, { type: 'invoke', tenantId: overrides.tenantId, extra: { name: 'adaptiveCard/action', value } });
}

describe('Action.Execute over HTTP', () => {
  let running: RunningApp;
  let storedBefore: string;

  beforeAll(async () => {
    running = await startTestApp({ ALLOWED_TENANTS: playground.tenantId });
    // The first turn seeds the sandbox store; everything after must leave it as it is.
    await postJson(`${running.baseUrl}/api/messages`, teamsActivity(running.connector.serviceUrl, { text: 'billing status' }));
    await running.connector.waitForCalls(1);
    storedBefore = await readFile(join(running.storageDir, 'sandbox-tenant.json'), 'utf8');
  });
  afterAll(() => running.stop());

  it('answers Refresh on a status card with the updated card, in the HTTP response', async () => {
    const calls = running.connector.calls.length;
    const response = await postJson(
      `${running.baseUrl}/api/messages`,
      execute(running.connector.serviceUrl, { action: { type: 'Action.Execute', verb: 'billingStatus/refresh', data: { organizationId: contosoWeb } }, trigger: 'manual' }),
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as CardResponse;
    expect(body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    expect(cardProblems(body.value)).toEqual([]);
    expect(JSON.stringify(body.value)).toContain('Billing for contoso-web');
    expect(JSON.stringify(body.value)).toContain('Contoso Engineering (Pay-As-You-Go)');
    // An invoke is answered in its own response: nothing is posted to the conversation.
    expect(running.connector.calls).toHaveLength(calls);
  });

  it.each([
    ['an unknown verb', { action: { type: 'Action.Execute', verb: 'billing/deleteEverything', data: {} } }, 400, 'UnknownVerb'],
    ['a verb with malformed data', { action: { type: 'Action.Execute', verb: 'billingStatus/refresh', data: { organizationId: ['x'] } } }, 400, 'BadRequest'],
    ['a verb with no data at all', { action: { type: 'Action.Execute', verb: 'billingStatus/refresh' } }, 400, 'BadRequest'],
    ['an invoke without an action', { trigger: 'manual' }, 400, 'BadRequest'],
    ['an Action.Submit sent as an invoke', { action: { type: 'Action.Submit', verb: 'billingStatus/refresh', data: {} } }, 400, 'BadRequest'],
    ['an organization the user cannot see', { action: { type: 'Action.Execute', verb: 'billingStatus/refresh', data: { organizationId: '00000000-0000-0000-0000-00000000dead' } } }, 404, 'OrganizationNotVisible'],
  ])('refuses %s with a clear error response and changes nothing', async (_case, value, status, code) => {
    const calls = running.connector.calls.length;
    const response = await postJson(`${running.baseUrl}/api/messages`, execute(running.connector.serviceUrl, value));
    expect(response.status).toBe(status);
    const body = (await response.json()) as ErrorResponse;
    expect(body).toMatchObject({ statusCode: status, type: 'application/vnd.microsoft.error', value: { code } });
    expect(body.value.message.length).toBeGreaterThan(20);
    expect(running.connector.calls).toHaveLength(calls);
    expect(await readFile(join(running.storageDir, 'sandbox-tenant.json'), 'utf8')).toBe(storedBefore);
  });

  it('refuses an invoke from a tenant that is not allowed, before any handler runs', async () => {
    const response = await postJson(
      `${running.baseUrl}/api/messages`,
      execute(running.connector.serviceUrl, { action: { type: 'Action.Execute', verb: 'billingStatus/refresh', data: { organizationId: contosoWeb } } }, { tenantId: outsider }),
    );
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ statusCode: 403, type: 'application/vnd.microsoft.error', value: { code: 'TenantNotAllowed' } });
    expect(await readFile(join(running.storageDir, 'sandbox-tenant.json'), 'utf8')).toBe(storedBefore);
  });

  it('keeps botbuilder\'s 501 for invokes the bot does not handle', async () => {
    const response = await postJson(
      `${running.baseUrl}/api/messages`,
      teamsActivity(running.connector.serviceUrl, { type: 'invoke', extra: { name: 'composeExtension/query', value: {} } }),
    );
    expect(response.status).toBe(501);
  });
});
