import { describe, expect, it } from '@jest/globals';
import type { AzureError } from '../../../src/azure/ports.js';
import { inOrder, recordingCredential } from '../../support/fakeAzure/scriptedServer.js';
import { failure } from '../../support/azureErrors.js';
import { caller, scriptedBackend } from './scriptedBackend.js';

const { start, backendFor } = scriptedBackend();

describe('REST admin messages: HTTP status mapping', () => {
  const cases: { status: number; code: AzureError['code']; message: string; body?: unknown }[] = [
    { status: 401, code: 'unauthorized', message: 'needs admin consent for Azure Service Management' },
    { status: 403, code: 'forbidden', message: 'needs at least Reader on subscription sub-1' },
    { status: 404, code: 'not_found', message: 'Subscription sub-1 was not found' },
    {
      status: 409,
      code: 'conflict',
      message: 'Azure Resource Manager said: Another operation is in progress',
      body: { error: { code: 'Conflict', message: 'Another operation is in progress' } },
    },
    {
      status: 400,
      code: 'invalid_request',
      message: 'Azure Resource Manager said: Bad filter',
      body: { error: { code: 'BadRequest', message: 'Bad filter' } },
    },
  ];

  it.each(cases)('maps HTTP $status to $code', async ({ status, code, message, body }) => {
    const s = await start(inOrder({ status, body: body ?? { error: { code: 'X', message: 'x' } } }));

    const error = await failure(
      backendFor(s.baseUrl, { actsAsCaller: () => true }).arm.getSubscriptionRights(caller, 'sub-1'),
    );

    expect(error.code).toBe(code);
    expect(error.message).toContain(message);
    expect(error.detail?.status).toBe(status);
    expect(s.requests).toHaveLength(1);
  });

  it('treats Azure DevOps answering 203 (a sign-in page) as a sign-in problem', async () => {
    const s = await start(inOrder({ status: 203, body: '<html>Sign in</html>', headers: { 'content-type': 'text/html' } }));

    const error = await failure(backendFor(s.baseUrl).devops.getProfile(caller));

    expect(error.code).toBe('unauthorized');
    expect(error.message).toContain('needs admin consent for Azure DevOps');
  });

  it('reports a body that is not JSON as unavailable, keeping the body for the log', async () => {
    const s = await start(inOrder({ status: 200, body: '{"value": [', headers: { 'content-type': 'application/json' } }));

    const error = await failure(backendFor(s.baseUrl).arm.listSubscriptions(caller));

    expect(error.code).toBe('unavailable');
    expect(error.message).toContain('could not read');
    expect(error.detail).toMatchObject({ status: 200, body: '{"value": [' });
  });

  it('reports JSON of the wrong shape as unavailable, with the validation error as cause', async () => {
    const s = await start(inOrder({ status: 200, body: { value: [{ subscriptionId: 42 }] } }));

    const error = await failure(backendFor(s.baseUrl).arm.listSubscriptions(caller));

    expect(error.code).toBe('unavailable');
    expect(String(error.detail?.cause)).toContain('subscriptionId');
  });
});

describe('REST admin messages: what errors keep for the log', () => {
  it('keeps no bearer token in an error built from a long Retry-After', async () => {
    const s = await start(inOrder({ status: 429, headers: { 'Retry-After': '120', 'x-ms-request-id': 'req-1' }, body: { error: { code: 'TooManyRequests', message: 'slow down' } } }));
    const credential = recordingCredential('secret-token-xyz');

    const error = await failure(backendFor(s.baseUrl, { credential: () => credential, maxRetryAfterMs: 1_000 }).arm.listSubscriptions(caller));

    expect(error.code).toBe('throttled');
    expect(s.requests[0]?.headers.authorization).toBe('Bearer secret-token-xyz');
    const logged = JSON.stringify({ error, detail: error.detail });
    expect(logged).not.toContain('secret-token-xyz');
    expect(logged).not.toMatch(/bearer/i);
    expect(error.detail).toMatchObject({ status: 429, url: `${s.baseUrl}/subscriptions?api-version=2022-12-01` });
    expect(error.detail?.body).toContain('slow down');
    expect(error.detail?.cause).toMatchObject({ headers: { 'retry-after': '120', 'x-ms-request-id': 'req-1' } });
  });

  it('keeps no bearer token in an error built from a dropped connection', async () => {
    const s = await start(inOrder({ status: 200, drop: true }));
    const credential = recordingCredential('secret-token-xyz');

    const error = await failure(
      backendFor(s.baseUrl, { credential: () => credential, maxAttempts: 1, timeoutMs: 300 }).arm.listSubscriptions(caller),
    );

    expect(error.code).toBe('unavailable');
    expect(JSON.stringify({ error, detail: error.detail })).not.toContain('secret-token-xyz');
  });
});
