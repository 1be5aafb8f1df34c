import { readFileSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { projectRoot } from '../../../src/paths.js';
import { readBody, record, send, type RecordedRequest, type Reply } from '../fakeAzure/scriptedServer.js';

/**
 * Microsoft Entra's v2.0 endpoints for one tenant, as MSAL (inside @azure/identity's OnBehalfOfCredential) calls them:
 * the OpenID metadata, then `POST /{tenant}/oauth2/v2.0/token` with the On-Behalf-Of grant. HTTPS on 127.0.0.1 with a
 * test-only self-signed certificate, because @azure/identity refuses a plain-HTTP authority; the credential trusts it
 * through `tlsOptions.ca` (see `entraClientOptions`).
 *
 * The assertion is the token service's `sso:<aadObjectId>:<n>`. The answer is an access token
 * `obo:<aadObjectId>:<arm|devops>:<n>` that the fake Azure accepts as that user, so a test can tell the user's OBO
 * token from the app's token. Entra's refusals use its own error body and AADSTS codes.
 */
export interface FakeEntra {
  authorityHost: string;
  requests: RecordedRequest[];
  /** Users who have not consented to the bot calling Azure as them (AADSTS65001). */
  withoutAzureConsent: Set<string>;
  /** SSO tokens whose time is up (AADSTS500133). */
  expiredAssertions: Set<string>;
  /** Access tokens issued, in order. */
  issued: string[];
  close(): Promise<void>;
}

const certificateDir = join(projectRoot, 'test', 'support', 'fakeIdentity');
const certificate = readFileSync(join(certificateDir, 'localhost-cert.pem'), 'utf8');

/** What `createAzureCredential` needs to trust and use the fake authority. */
export const entraClientOptions = { tlsOptions: { ca: certificate }, disableInstanceDiscovery: true };

const audiences: Record<string, 'arm' | 'devops'> = {
  'https://management.azure.com/.default': 'arm',
  '499b84ac-1321-427f-aa17-267ca6975798/.default': 'devops',
};

export async function startFakeEntra(tenantId: string, clientId: string): Promise<FakeEntra> {
  const requests: RecordedRequest[] = [];
  const withoutAzureConsent = new Set<string>();
  const expiredAssertions = new Set<string>();
  const issued: string[] = [];
  let authorityHost = '';

  const refuse = (code: number, error: string, description: string): Reply => ({
    status: 400,
    body: { error, error_description: `AADSTS${code}: ${description}`, error_codes: [code], timestamp: new Date().toISOString() },
  });

  const answer = (request: RecordedRequest): Reply => {
    if (request.method === 'GET' && request.path === `/${tenantId}/v2.0/.well-known/openid-configuration`) {
      const base = `${authorityHost}/${tenantId}`;
      return {
        status: 200,
        body: {
          issuer: `${base}/v2.0`,
          authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
          token_endpoint: `${base}/oauth2/v2.0/token`,
          end_session_endpoint: `${base}/oauth2/v2.0/logout`,
          jwks_uri: `${authorityHost}/${tenantId}/discovery/v2.0/keys`,
        },
      };
    }
    if (request.method !== 'POST' || request.path !== `/${tenantId}/oauth2/v2.0/token`) return { status: 404, body: {} };
    const form = new URLSearchParams(request.body);
    if (form.get('client_id') !== clientId) return refuse(700016, 'unauthorized_client', `Application ${form.get('client_id') ?? ''} not found.`);
    if (form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer' || form.get('requested_token_use') !== 'on_behalf_of') {
      return refuse(70000, 'invalid_grant', 'This fake serves the On-Behalf-Of grant only.');
    }
    const assertion = form.get('assertion') ?? '';
    const user = /^sso:([^:]+):\d+$/.exec(assertion)?.[1];
    if (!user) return refuse(50013, 'invalid_grant', 'Assertion failed signature validation.');
    if (expiredAssertions.has(assertion)) return refuse(500133, 'invalid_grant', 'Assertion is not within its valid time range.');
    if (withoutAzureConsent.has(user)) {
      return refuse(65001, 'invalid_grant', `The user or administrator has not consented to use the application with ID '${clientId}'.`);
    }
    const audience = (form.get('scope') ?? '').split(' ').map((scope) => audiences[scope]).find(Boolean);
    if (!audience) return refuse(70011, 'invalid_scope', `The provided value for scope ${form.get('scope') ?? ''} is not valid.`);
    const token = `obo:${user}:${audience}:${issued.length + 1}`;
    issued.push(token);
    return { status: 200, body: { token_type: 'Bearer', access_token: token, expires_in: 3600, ext_expires_in: 3600, scope: form.get('scope') } };
  };

  const server = createServer({ cert: certificate, key: readFileSync(join(certificateDir, 'localhost-key.pem'), 'utf8') }, (req, res) => {
    void readBody(req).then((body) => {
      const recorded = record(req, body);
      requests.push(recorded);
      send(res, answer(recorded));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  authorityHost = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    authorityHost,
    requests,
    withoutAzureConsent,
    expiredAssertions,
    issued,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
