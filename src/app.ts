import {
  CloudAdapter,
  PrivateConversationState,
  type Storage,
  type TurnContext,
} from 'botbuilder';
import { DialogSet, type DialogState } from 'botbuilder-dialogs';
import type { AzureBackend } from './azure/ports.js';
import { createSandboxBackend, loadSandboxSeed } from './azure/sandbox/sandboxBackend.js';
import { ActionRouter } from './bot/actionRouter.js';
import { BillingBot } from './bot/billingBot.js';
import { ConversationReferenceStore } from './bot/conversationReferences.js';
import { ReusedConnectorAuthentication } from './bot/reusedConnectorAuthentication.js';
import { CommandRouter } from './bot/router.js';
import { shellCommands } from './bot/shellCommands.js';
import { createTurnErrorHandler } from './bot/turnErrorHandler.js';
import { BotViews } from './bot/views.js';
import { assembleCapabilities } from './capabilities/assemble.js';
import type { CapabilityModule } from './capabilities/capability.js';
import { capabilityModules } from './capabilities/index.js';
import { CardRenderer } from './cards/renderer.js';
import type { Config } from './config.js';
import { KnowledgeBase } from './knowledge/knowledgeBase.js';
import type { Logger } from './logger.js';
import { cardsDir } from './paths.js';
import { createBotServer } from './server.js';
import type { AuditLog } from './services/audit.js';
import { BillingSetupService } from './services/billingSetup.js';
import { createStores } from './storage/stores.js';

export interface AppOptions {
  logger: Logger;
  /** Replaces the backend the config selects (tests point the REST backend at local fakes). */
  backend?: AzureBackend;
  now?: () => Date;
}

export interface App {
  listen(port: number, host: string): Promise<{ port: number; host: string }>;
  /** Stops taking requests, lets in-flight turns finish, then flushes every store. */
  close(graceMs: number): Promise<{ drained: boolean }>;
  adapter: CloudAdapter;
  audit: AuditLog;
  backend: AzureBackend;
}

/**
 * The composition root: config → storage → backend → services → dialogs → bot → server, in one visible place.
 * Nothing registers itself by import side effect.
 */
export async function createApp(config: Config, options: AppOptions): Promise<App> {
  const { logger } = options;
  const now = options.now ?? (() => new Date());
  const stores = await createStores(config);

  const backend = options.backend ?? (await createBackend(config, stores.sandboxTenant));
  const { bot, onTurnError } = createBot({
    backend,
    audit: stores.audit,
    botStateStorage: stores.botState,
    referencesStorage: stores.conversationReferences,
    allowedTenants: config.allowedTenants,
    dialogIdleMinutes: config.dialogIdleMinutes,
    logger,
    now,
  });

  const adapter = new CloudAdapter(
    new ReusedConnectorAuthentication({
      MicrosoftAppId: config.bot.appId ?? '',
      MicrosoftAppPassword: config.bot.appPassword ?? '',
      MicrosoftAppType: config.bot.appType,
      MicrosoftAppTenantId: config.bot.appTenantId ?? '',
    }),
  );
  adapter.onTurnError = onTurnError;

  const server = createBotServer({
    adapter,
    logic: (context: TurnContext) => bot.run(context),
    logger,
    maxBodyBytes: config.maxBodyBytes,
    isReady: () => stores.ready(),
  });

  return {
    listen: (port, host) => server.listen(port, host),
    async close(graceMs) {
      const result = await server.close(graceMs);
      await stores.close();
      return result;
    },
    adapter,
    audit: stores.audit,
    backend,
  };
}

export interface BotDeps {
  backend: AzureBackend;
  audit: AuditLog;
  botStateStorage: Storage;
  referencesStorage: Storage;
  allowedTenants: string[];
  dialogIdleMinutes: number;
  logger: Logger;
  now: () => Date;
  /** Dialog tests fix the ids that cards carry. */
  newRunId?: () => string;
  /** Tests add a capability to prove the list drives everything; the app uses `capabilityModules`. */
  capabilities?: readonly CapabilityModule[];
}

/** Everything that answers a turn, independent of the HTTP adapter, so tests can drive it with TestAdapter. */
export function createBot(deps: BotDeps): {
  bot: BillingBot;
  onTurnError: (context: TurnContext, error: Error) => Promise<void>;
} {
  const { backend, logger, now } = deps;
  const cards = new CardRenderer({
    cardsDir,
    banner: backend.kind === 'sandbox' ? 'Sandbox: demo data, no real charges' : undefined,
  });
  const knowledge = new KnowledgeBase();
  const billing = new BillingSetupService({ backend, audit: deps.audit, logger, now });
  const capabilities = assembleCapabilities(deps.capabilities ?? capabilityModules, {
    billing,
    knowledge,
    cards,
    logger,
    now,
    newRunId: deps.newRunId,
  });
  const views = new BotViews(cards, capabilities.help);

  // Private (per user, per conversation) so two people in one group chat each run their own flow.
  const dialogState = new PrivateConversationState(deps.botStateStorage);
  const dialogs = new DialogSet(dialogState.createProperty<DialogState>('dialogState'));
  for (const dialog of capabilities.dialogs) dialogs.add(dialog);

  const router = new CommandRouter({
    dialogs,
    lastActiveAt: dialogState.createProperty<number | undefined>('lastActiveAt'),
    recognize: capabilities.recognize,
    commands: capabilities.commands,
    shell: shellCommands(views),
    idleMinutes: deps.dialogIdleMinutes,
    now,
  });

  const bot = new BillingBot({
    router,
    actions: new ActionRouter(capabilities.actions, logger),
    states: [dialogState],
    references: new ConversationReferenceStore(deps.referencesStorage),
    views,
    allowedTenants: deps.allowedTenants,
    logger,
  });
  return { bot, onTurnError: createTurnErrorHandler({ logger, cards, dialogState, now }) };
}

async function createBackend(config: Config, sandboxStore: Storage | undefined): Promise<AzureBackend> {
  if (config.backend === 'azure' && config.azure) {
    // Loaded only here: @azure/identity and the REST clients take a large share of start-up, and sandbox mode
    // never calls them.
    const [{ createRestBackend }, { createAzureCredential }] = await Promise.all([
      import('./azure/rest/backend.js'),
      import('./azure/rest/credentials.js'),
    ]);
    const credentials = createAzureCredential(config.azure);
    return createRestBackend({
      ...config.azure,
      credential: (caller) => credentials.credentialFor(caller),
      actsAsCaller: (caller) => credentials.actsAsCaller(caller),
    });
  }
  if (!sandboxStore) throw new Error('The sandbox backend needs its store');
  return createSandboxBackend({ storage: sandboxStore, seed: await loadSandboxSeed(config.sandboxSeedFile) });
}

