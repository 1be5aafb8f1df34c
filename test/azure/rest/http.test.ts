import { afterEach, describe, expect, it } from '@jest/globals';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { TokenCredential } from '@azure/identity';
import type { AzureError, Caller } from '../../../src/azure/ports.js';
import { createRestBackend, type RestBackendOptions } from '../../../src/azure/rest/backend.js';
import {
  byRoute,
  inOrder,
  recordingCredential,
  startScriptedServer,
  type Responder,
  type ScriptedServer,
} from '../../support/fakeAzure/scriptedServer.js';
import { failure } from '../../support/azureErrors.js';

const caller: Caller = { aadObjectId: 'caller-oid', tenantId: 'tenant-1' };
const emptyPage = { status: 200, body: { value: [] } };
const profile = { status: 200, body: { id: 'profile-1', displayName: 'Ada', emailAddress: 'ada@example.com' } };

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(responder: Responder): Promise<ScriptedServer> {
  server = await startScriptedServer(responder);
  return server;
}

function backendFor(baseUrl: string, overrides: Partial<RestBackendOptions> = {}) {
  return createRestBackend({
    credential: () => recordingCredential('token-1'),
    armBaseUrl: baseUrl,
    vsspsBaseUrl: baseUrl,
    graphBaseUrl: baseUrl,
    vsaexBaseUrl: baseUrl,
    timeoutMs: 2_000,
    maxAttempts: 3,
    retryDelayMs: 10,
    ...overrides,
  });
}

describe('REST HTTP layer: tokens', () => {
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

describe('REST HTTP layer: retries', () => {
  it('waits as long as retry-after-ms asks after a 429, then succeeds', async () => {
    const s = await start(inOrder({ status: 429, headers: { 'retry-after-ms': '300' } }, emptyPage));

    await backendFor(s.baseUrl).arm.listSubscriptions(caller);

    expect(s.requests).toHaveLength(2);
    const [first, second] = s.requests;
    // retryDelayMs is 10 ms, so only the header can explain a 300 ms pause.
    expect(second!.receivedAt - first!.receivedAt).toBeGreaterThanOrEqual(290);
  });

  it('fails fast as throttled when Retry-After asks for longer than it is worth waiting', async () => {
    const s = await start(inOrder({ status: 429, headers: { 'Retry-After': '120' } }, emptyPage));

    const started = Date.now();
    const error = await failure(backendFor(s.baseUrl, { maxRetryAfterMs: 1_000 }).arm.listSubscriptions(caller));

    expect(error.code).toBe('throttled');
    expect(error.message).toContain('about 2 minutes');
    expect(s.requests).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('reports throttled once every attempt was throttled', async () => {
    const s = await start(inOrder({ status: 429, headers: { 'retry-after-ms': '5' } }));

    const error = await failure(backendFor(s.baseUrl).arm.listSubscriptions(caller));

    expect(error.code).toBe('throttled');
    expect(error.detail?.status).toBe(429);
    expect(s.requests).toHaveLength(3);
  });

  it('retries a 500 with backoff and gives up after exactly maxAttempts requests', async () => {
    const s = await start(inOrder({ status: 500, body: { error: { code: 'InternalServerError', message: 'boom' } } }));

    const error = await failure(backendFor(s.baseUrl, { maxAttempts: 3 }).arm.listSubscriptions(caller));

    expect(s.requests).toHaveLength(3);
    expect(error.code).toBe('unavailable');
    expect(error.message).toContain('HTTP 500 after 3 attempts');
    expect(error.detail).toMatchObject({ status: 500, url: `${s.baseUrl}/subscriptions?api-version=2022-12-01` });
  });

  it('recovers when a 503 is followed by a success', async () => {
    const s = await start(inOrder({ status: 503 }, emptyPage));

    await expect(backendFor(s.baseUrl).arm.listSubscriptions(caller)).resolves.toEqual([]);
    expect(s.requests).toHaveLength(2);
  });

  // core-rest-pipeline leaves an attempt's timeout timer running after a connection error; a short timeout lets jest exit.
  const afterConnectionErrors = { timeoutMs: 300 };

  it('retries a dropped connection', async () => {
    const s = await start(inOrder({ status: 200, drop: true }, emptyPage));

    await expect(backendFor(s.baseUrl, afterConnectionErrors).arm.listSubscriptions(caller)).resolves.toEqual([]);
    expect(s.requests).toHaveLength(2);
  });

  it('reports an unreachable service as unavailable after retrying', async () => {
    const closedPort = await freePort();

    const error = await failure(backendFor(`http://127.0.0.1:${closedPort}`, afterConnectionErrors).arm.listSubscriptions(caller));

    expect(error.code).toBe('unavailable');
    expect(error.message).toContain('could not reach Azure Resource Manager (ECONNREFUSED) after 3 attempts');
  });

  it('times out a slow answer without retrying it', async () => {
    const s = await start(inOrder({ ...emptyPage, delayMs: 1_500 }));

    const started = Date.now();
    const error = await failure(backendFor(s.baseUrl, { timeoutMs: 100 }).arm.listSubscriptions(caller));

    expect(error.code).toBe('timeout');
    expect(error.message).toContain('did not answer within 100 ms');
    expect(s.requests).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});

describe('REST HTTP layer: error mapping', () => {
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

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe('REST HTTP layer: what errors keep for the log', () => {
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

describe('REST HTTP layer: writes that must not run twice', () => {
  const entitlements = '/fabrikam/_apis/userentitlements';
  const org = { id: 'org-1', name: 'fabrikam' };

  it('does not retry a POST that failed with a 503, and says the outcome is unknown', async () => {
    const s = await start(byRoute({ [`POST ${entitlements}`]: { status: 503, body: { message: 'busy' } } }));

    const error = await failure(
      backendFor(s.baseUrl, { actsAsCaller: () => true }).devops.addUserEntitlement(caller, org, 'bob@example.com', {
        accountLicenseType: 'express',
      }),
    );

    expect(s.requests).toHaveLength(1);
    expect(error.code).toBe('unavailable');
    expect(error.message).toContain('It is unknown whether the change was made');
    expect(error.message).toContain('check whether bob@example.com is in the users of fabrikam before trying again');
  });

  it('does not retry a POST whose connection dropped', async () => {
    const s = await start(byRoute({ [`POST ${entitlements}`]: { status: 200, drop: true } }));

    const error = await failure(
      backendFor(s.baseUrl, { actsAsCaller: () => true, timeoutMs: 300 }).devops.addUserEntitlement(caller, org, 'bob@example.com', {
        accountLicenseType: 'express',
      }),
    );

    expect(s.requests).toHaveLength(1);
    expect(error.code).toBe('unavailable');
    expect(error.message).toContain('It is unknown whether the change was made');
  });

  it('still retries a POST that was throttled (429: not carried out)', async () => {
    const added = {
      id: 'u1',
      user: { subjectKind: 'user', principalName: 'bob@example.com', displayName: 'Bob' },
      accessLevel: { licensingSource: 'account', accountLicenseType: 'express', msdnLicenseType: 'none', status: 'active', assignmentSource: 'unknown' },
    };
    const s = await start(
      byRoute({
        [`POST ${entitlements}`]: [
          { status: 429, headers: { 'retry-after-ms': '5' } },
          { status: 200, body: { isSuccess: true, operationResult: { isSuccess: true, result: added } } },
        ],
      }),
    );

    await backendFor(s.baseUrl, { actsAsCaller: () => true }).devops.addUserEntitlement(caller, org, 'bob@example.com', {
      accountLicenseType: 'express',
    });

    expect(s.requests).toHaveLength(2);
  });

  it('retries a PATCH (replacing the access level is idempotent)', async () => {
    const changed = {
      id: 'u1',
      user: { subjectKind: 'user', principalName: 'bob@example.com', displayName: 'Bob' },
      accessLevel: { licensingSource: 'account', accountLicenseType: 'express', msdnLicenseType: 'none', status: 'active', assignmentSource: 'unknown' },
    };
    const s = await start(
      byRoute({ [`PATCH ${entitlements}/u1`]: [{ status: 503 }, { status: 200, body: { isSuccess: true, userEntitlement: changed } }] }),
    );

    await backendFor(s.baseUrl, { actsAsCaller: () => true }).devops.changeAccessLevel(caller, org, 'u1', { accountLicenseType: 'express' });

    expect(s.requests).toHaveLength(2);
  });
});

describe('REST HTTP layer: overall deadline', () => {
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
      return { status: 200, body: { members: [], continuationToken: `token-${page}` } };
    });

    const error = await failure(
      backendFor(s.baseUrl, { actsAsCaller: () => true }).devops.listUserEntitlements(caller, { id: 'org-1', name: 'fabrikam' }),
    );

    expect(error.code).toBe('unavailable');
    expect(error.message).toContain('kept sending more pages (over 200)');
    expect(s.requests).toHaveLength(200);
  });
});
