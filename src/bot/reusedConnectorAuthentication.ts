import { CallerIdConstants, ConfigurationBotFrameworkAuthentication, type ConfigurationBotFrameworkAuthenticationOptions } from 'botbuilder';
import { AuthenticationConstants, ClaimsIdentity } from 'botframework-connector';
import type { Config } from '../config.js';

type ConnectorFactory = ReturnType<ConfigurationBotFrameworkAuthentication['createConnectorFactory']>;
type ConnectorClient = Awaited<ReturnType<ConnectorFactory['create']>>;
type AuthenticateRequestResult = Awaited<ReturnType<ConfigurationBotFrameworkAuthentication['authenticateRequest']>>;
type UserTokenClient = Awaited<ReturnType<ConfigurationBotFrameworkAuthentication['createUserTokenClient']>>;

/**
 * The bot's Bot Framework settings. botbuilder takes a custom token service address only together with every other
 * public-cloud endpoint (it then assumes all of them are given), so those are spelled out from its own constants.
 */
export function botAuthenticationSettings(bot: Config['bot']): ConfigurationBotFrameworkAuthenticationOptions {
  return {
    MicrosoftAppId: bot.appId ?? '',
    MicrosoftAppPassword: bot.appPassword ?? '',
    MicrosoftAppType: bot.appType,
    MicrosoftAppTenantId: bot.appTenantId ?? '',
    OAuthUrl: bot.oauthApiEndpoint,
    ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
    ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
    ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
    ToBotFromChannelOpenIdMetadataUrl: AuthenticationConstants.ToBotFromChannelOpenIdMetadataUrl,
    ToBotFromEmulatorOpenIdMetadataUrl: AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
    CallerId: CallerIdConstants.PublicAzureChannel,
    ValidateAuthority: true,
  };
}

/** Teams speaks from a handful of regional service URLs; the bound only stops made-up URLs from growing the map. */
const maxClients = 256;

/**
 * botbuilder's authentication, except that the connector client for the same bot identity, service URL and
 * audience is built once and reused. CloudAdapter asks for a new client on every turn, and each one builds its own
 * HTTP pipeline and connection pool, so every reply used to open a new connection to the channel (measured with
 * `npm run bench`). A client holds nothing of a turn: its credentials fetch and renew their own tokens.
 */
export class ReusedConnectorAuthentication extends ConfigurationBotFrameworkAuthentication {
  private readonly clients = new Map<string, Promise<ConnectorClient>>();
  /** Also asked for on every turn, and as costly to build; it holds the bot's identity and credentials, nothing of a turn. */
  private readonly userTokenClients = new Map<string, Promise<UserTokenClient>>();

  override async authenticateRequest(...args: Parameters<ConfigurationBotFrameworkAuthentication['authenticateRequest']>): Promise<AuthenticateRequestResult> {
    return this.withReusedClients(await super.authenticateRequest(...args));
  }

  override async authenticateStreamingRequest(
    ...args: Parameters<ConfigurationBotFrameworkAuthentication['authenticateStreamingRequest']>
  ): Promise<AuthenticateRequestResult> {
    return this.withReusedClients(await super.authenticateStreamingRequest(...args));
  }

  /**
   * Without MicrosoftAppId (local development and tests) a request names no bot, and botbuilder then cannot build the
   * sign-in state the token service needs; the bot's id is empty there, as the unauthenticated connector's is.
   */
  override createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    const namesTheBot = claimsIdentity.getClaimValue(AuthenticationConstants.AudienceClaim) ?? claimsIdentity.getClaimValue(AuthenticationConstants.AppIdClaim);
    const known = this.userTokenClients.get(namesTheBot ?? '');
    if (known) return known;
    const identity =
      namesTheBot === null || namesTheBot === undefined
        ? new ClaimsIdentity([{ type: AuthenticationConstants.AudienceClaim, value: '' }], claimsIdentity.isAuthenticated)
        : claimsIdentity;
    const created = super.createUserTokenClient(identity);
    remember(this.userTokenClients, namesTheBot ?? '', created);
    return created;
  }

  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.reusing(super.createConnectorFactory(claimsIdentity), claimsIdentity);
  }

  private withReusedClients(result: AuthenticateRequestResult): AuthenticateRequestResult {
    return result.connectorFactory ? { ...result, connectorFactory: this.reusing(result.connectorFactory, result.claimsIdentity) } : result;
  }

  private reusing(factory: ConnectorFactory, claimsIdentity: ClaimsIdentity): ConnectorFactory {
    // The bot identity the factory signs as, read as botframework-connector's own factory reads it.
    const appId = claimsIdentity.getClaimValue('aud') ?? claimsIdentity.getClaimValue('appid') ?? '';
    return {
      create: (serviceUrl: string, audience?: string): Promise<ConnectorClient> => {
        const key = JSON.stringify([appId, serviceUrl, audience ?? '']);
        const known = this.clients.get(key);
        if (known) return known;
        const created = factory.create(serviceUrl, audience);
        remember(this.clients, key, created);
        return created;
      },
    };
  }
}

/** Keeps a client being built, forgets it if building fails (the next turn tries again), and stays within `maxClients`. */
function remember<T>(clients: Map<string, Promise<T>>, key: string, created: Promise<T>): void {
  created.catch(() => clients.delete(key));
  if (clients.size >= maxClients) clients.delete(clients.keys().next().value as string);
  clients.set(key, created);
}
