import { describe, expect, it } from '@jest/globals';
import type { TokenCredential } from '@azure/identity';
import { byRoute, inOrder, recordingCredential, type ScriptedServer } from '../../support/fakeAzure/scriptedServer.js';
import { failure } from '../../support/azureErrors.js';
import { caller, emptyPage, profile, scriptedBackend } from './scriptedBackend.js';

const { start, backendFor } = scriptedBackend();

describe('REST transport: tokens', () => {
  it('sends the token for each API family scope as a Bearer header', async () => {
    const s = await start(byRoute({ 'GET /subscriptions': emptyPage, 'GET /_apis/profile/profiles/me': profile }));
    const credential = recordingCredential('token-1');
    const backend = backendFor(s.baseUrl, { credential: () => credential });

    await backend.arm.listSubscriptions(caller);
    await backend.devops.getProfile(caller);

    expect(credential.scopes).toEqual(['https://management.azure.com/.default', '499b84ac-1321-427f-aa17-267ca6975798/.default']);
    expect(s.requests.map((r) => [r.headers.authorization, r.headers.accept])).toEqual([
      ['Bearer token-1', 'application/json'],
      ['Bearer token-1', 'application/json'],
    ]);
  });

  it('turns a token failure into an unauthorized error naming the consent to grant, without calling Azure', async () => {
    const s = await start(byRoute({ 'GET /subscriptions': emptyPage }));
    const refusing: TokenCredential = {
      getToken: () => Promise.reject(new Error('AADSTS65001: The user or administrator has not consented')),
    };

    const error = await failure(backendFor(s.baseUrl, { credential: () => refusing }).arm.listSubscriptions(caller));

    expect(error.code).toBe('unauthorized');
    expect(error.message).toContain(
      'sign-in or consent problem: the app registration needs admin consent for Azure Service Management',
    );
    expect(s.requests).toHaveLength(0);
  });

  it('refuses to send a token over plain HTTP to anything but a loopback address', async () => {
    const credential = recordingCredential('token-1');
    const backend = backendFor('http://management.example.com', { credential: () => credential });

    const error = await failure(backend.arm.listSubscriptions(caller));

    expect(error.code).toBe('invalid_request');
    expect(error.message).toContain('must use https');
    expect(credential.scopes).toEqual([]);
  });
});

describe('REST transport: overall deadline', () => {
  it('gives up on a body that never finishes, as a timeout', async () => {
    const s = await start(inOrder({ status: 200, stallBody: true }));

    const started = Date.now();
    const error = await failure(backendFor(s.baseUrl, { timeoutMs: 2_000, overallTimeoutMs: 300 }).arm.listSubscriptions(caller));

    expect(error.code).toBe('timeout');
    expect(error.message).toContain('did not finish answering within 300 ms');
    expect(s.requests).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('stops a chain of retries once the budget is spent', async () => {
    const s = await start(inOrder({ status: 503, headers: { 'retry-after-ms': '200' } }));

    const started = Date.now();
    const error = await failure(
      backendFor(s.baseUrl, { maxAttempts: 10, maxRetryAfterMs: 1_000, overallTimeoutMs: 500 }).arm.listSubscriptions(caller),
    );

    expect(error.code).toBe('timeout');
    expect(s.requests.length).toBeLessThan(5);
    expect(Date.now() - started).toBeLessThan(1_500);
  });
});

describe('REST paging cap', () => {
  it('stops following nextLink after a bounded number of pages', async () => {
    let page = 0;
    const s: ScriptedServer = await start(() => {
      page += 1;
      return { status: 200, body: { value: [], nextLink: `${s.baseUrl}/subscriptions?api-version=2022-12-01&$skiptoken=${page}` } };
    });

    const error = await failure(backendFor(s.baseUrl).arm.listSubscriptions(caller));

    expect(error.code).toBe('unavailable');
    expect(error.message).toContain('kept sending more pages (over 200)');
    expect(s.requests).toHaveLength(200);
  });

  it('stops following continuation tokens for user entitlements after a bounded number of pages', async () => {
    let page = 0;
    const s = await start(() => {
      page += 1;
      return { status: 200, body: { items: [], continuationToken: `token-${page}` } };
    });

    const error = await failure(
      backendFor(s.baseUrl, { actsAsCaller: () => true }).devops.listUserEntitlements(caller, { id: 'org-1', name: 'fabrikam' }),
    );

    expect(error.code).toBe('unavailable');
    expect(error.message).toContain('kept sending more pages (over 200)');
    expect(s.requests).toHaveLength(200);
  });
});
