import { afterEach } from '@jest/globals';
import type { Caller } from '../../../src/azure/ports.js';
import { createRestBackend, type RestBackendOptions } from '../../../src/azure/rest/backend.js';
import { recordingCredential, startScriptedServer, type Responder, type ScriptedServer } from '../../support/fakeAzure/scriptedServer.js';

export const caller: Caller = { aadObjectId: 'caller-oid', tenantId: 'tenant-1' };
export const emptyPage = { status: 200, body: { value: [] } };
export const profile = { status: 200, body: { id: 'profile-1', displayName: 'Ada', emailAddress: 'ada@example.com' } };

/** A scripted server per test (closed after it) and a REST backend pointed at it with fast retries. */
export function scriptedBackend() {
  let server: ScriptedServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  return {
    async start(responder: Responder): Promise<ScriptedServer> {
      server = await startScriptedServer(responder);
      return server;
    },
    backendFor(baseUrl: string, overrides: Partial<RestBackendOptions> = {}) {
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
    },
  };
}
