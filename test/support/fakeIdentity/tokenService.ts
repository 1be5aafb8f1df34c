import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody, record, send, type RecordedRequest, type Reply } from '../fakeAzure/scriptedServer.js';

/**
 * The Bot Framework token service (api.botframework.com/api/usertoken, /api/botsignin) as botframework-connector's
 * TokenApiClient calls it, on 127.0.0.1.
 *
 * Teams' own SSO token for a user is `teams:<aadObjectId>`. Exchanging it (the `signin/tokenExchange` invoke) succeeds
 * only for users who consented to the bot; the token kept for the user is then `sso:<aadObjectId>:<n>`, which the fake
 * Entra accepts as an On-Behalf-Of assertion. A sign-in through the card's page gives a magic code (`codeFor`).
 */
export interface FakeTokenService {
  baseUrl: string;
  requests: RecordedRequest[];
  /** Users (Entra object ids) who accepted the bot's sign-in; others' exchanges fail as consent-required. */
  consented: Set<string>;
  /** What the sign-in page would hand back to Teams for a user after they signed in and consented. */
  codeFor(userId: string, aadObjectId: string): string;
  /** The token the service keeps for a Teams user id, if any. */
  tokenOf(userId: string): string | undefined;
  close(): Promise<void>;
}

export const exchangeResource = { id: 'exchange-resource-1', uri: 'api://botid-00000000-0000-0000-0000-00000000b071', providerId: 'provider-1' };

export async function startFakeTokenService(connectionName: string): Promise<FakeTokenService> {
  const requests: RecordedRequest[] = [];
  const tokens = new Map<string, string>();
  const codes = new Map<string, { userId: string; token: string }>();
  const consented = new Set<string>();
  let issued = 0;
  const issue = (aadObjectId: string) => `sso:${aadObjectId}:${++issued}`;
  const tokenResponse = (token: string, channelId: string): Reply => ({
    status: 200,
    body: { channelId, connectionName, token, expiration: new Date(Date.now() + 3_600_000).toISOString() },
  });

  const answer = (request: RecordedRequest): Reply => {
    const { userId = '', channelId = '' } = request.query;
    const named = request.query.connectionName ?? request.query.ConnectionName;
    if (request.path !== '/api/botsignin/GetSignInResource' && named !== connectionName) {
      return { status: 400, body: { error: { code: 'InvalidConnection', message: `No connection named ${named ?? '(none)'}.` } } };
    }
    switch (`${request.method} ${request.path}`) {
      case 'GET /api/usertoken/GetToken': {
        const code = request.query.code;
        const fromCode = code ? codes.get(code) : undefined;
        if (fromCode && fromCode.userId === userId) {
          codes.delete(code ?? '');
          tokens.set(userId, fromCode.token);
        }
        const token = tokens.get(userId);
        return token ? tokenResponse(token, channelId) : { status: 404, body: {} };
      }
      case 'POST /api/usertoken/exchange': {
        const match = /^teams:(.+)$/.exec(String((request.json as { token?: unknown } | undefined)?.token ?? ''));
        if (!match?.[1]) return { status: 400, body: { error: { code: 'InvalidToken', message: 'Not a Teams SSO token.' } } };
        if (!consented.has(match[1])) {
          return { status: 400, body: { error: { code: 'ConsentRequired', message: 'AADSTS65001: The user has not consented.' } } };
        }
        const token = issue(match[1]);
        tokens.set(userId, token);
        return tokenResponse(token, channelId);
      }
      case 'DELETE /api/usertoken/SignOut':
        tokens.delete(userId);
        return { status: 200, body: {} };
      case 'GET /api/botsignin/GetSignInResource': {
        const state = JSON.parse(Buffer.from(request.query.state ?? '', 'base64').toString()) as { connectionName?: string };
        if (state.connectionName !== connectionName) return { status: 400, body: { error: { code: 'InvalidConnection', message: 'Unknown connection.' } } };
        return {
          status: 200,
          body: { signInLink: `${baseUrl}/signin?state=${encodeURIComponent(request.query.state ?? '')}`, tokenExchangeResource: exchangeResource },
        };
      }
      default:
        return { status: 404, body: { error: { code: 'NotFound', message: `${request.method} ${request.path}` } } };
    }
  };

  const server = createServer((req, res) => {
    void readBody(req).then((body) => {
      const recorded = record(req, body);
      requests.push(recorded);
      send(res, answer(recorded));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    baseUrl,
    requests,
    consented,
    codeFor(userId, aadObjectId) {
      const code = String(100000 + codes.size);
      codes.set(code, { userId, token: issue(aadObjectId) });
      return code;
    },
    tokenOf: (userId) => tokens.get(userId),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
