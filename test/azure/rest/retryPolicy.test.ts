import { describe, expect, it } from '@jest/globals';
import { createServer, type AddressInfo } from 'node:net';
import { byRoute, inOrder } from '../../support/fakeAzure/scriptedServer.js';
import { failure } from '../../support/azureErrors.js';
import { caller, emptyPage, scriptedBackend } from './scriptedBackend.js';

const { start, backendFor } = scriptedBackend();

describe('REST retry policy: retries', () => {
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

describe('REST retry policy: writes that must not run twice', () => {
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

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
