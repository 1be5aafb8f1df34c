import { access, constants } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  PrivateConversationState,
  type Storage,
  type TurnContext,
} from 'botbuilder';
import { DialogSet, type DialogState } from 'botbuilder-dialogs';
import type { AzureBackend } from './azure/ports.js';
import { createRestBackend } from './azure/rest/backend.js';
import { createAzureCredential } from './azure/rest/credentials.js';
import { createSandboxBackend, loadSandboxSeed } from './azure/sandbox/sandboxBackend.js';
import { BillingBot } from './bot/billingBot.js';
import { billingStatusCommand, linkBillingCommand, removeBillingCommand } from './bot/commands/billing.js';
import { greetingCommand, helpCommand, unknownCommand } from './bot/commands/help.js';
import { notYetCommand } from './bot/commands/notYet.js';
import { questionCommand } from './bot/commands/question.js';
import { ConversationReferenceStore } from './bot/conversationReferences.js';
import { CommandRouter } from './bot/router.js';
import { createTurnErrorHandler } from './bot/turnErrorHandler.js';
import { BotViews } from './bot/views.js';
import { CardRenderer } from './cards/renderer.js';
import type { Config } from './config.js';
import { LinkBillingDialog } from './dialogs/linkBillingDialog.js';
import { RemoveBillingDialog } from './dialogs/removeBillingDialog.js';
import { recognizeIntent } from './knowledge/intents.js';
import { KnowledgeBase } from './knowledge/knowledgeBase.js';
import type { Logger } from './logger.js';
import { cardsDir } from './paths.js';
import { createBotServer } from './server.js';
import { BillingSetupService } from './services/billingSetup.js';
import { JsonLinesAuditLog, type AuditLog } from './storage/auditLog.js';
import { JsonFileStorage } from './storage/jsonFileStorage.js';

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
  const storageDir = resolve(config.storageDir);

  const botState = await JsonFileStorage.open(join(storageDir, 'bot-state.json'));
  const references = await JsonFileStorage.open(join(storageDir, 'conversation-references.json'));
  const sandboxStore = config.backend === 'sandbox' ? await JsonFileStorage.open(join(storageDir, 'sandbox-tenant.json')) : undefined;
  const stores = [botState, references, ...(sandboxStore ? [sandboxStore] : [])];
  const audit = new JsonLinesAuditLog(join(storageDir, 'audit.jsonl'));

  const backend = options.backend ?? (await createBackend(config, sandboxStore));
  const { bot, onTurnError } = createBot({
    backend,
    audit,
    botStateStorage: botState,
    referencesStorage: references,
    allowedTenants: config.allowedTenants,
    dialogIdleMinutes: config.dialogIdleMinutes,
    logger,
    now,
  });

  const adapter = new CloudAdapter(
    new ConfigurationBotFrameworkAuthentication({
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
    isReady: async () => {
      await access(storageDir, constants.W_OK);
      return true;
    },
  });

  return {
    listen: (port, host) => server.listen(port, host),
    async close(graceMs) {
      const result = await server.close(graceMs);
      await Promise.all(stores.map((store) => store.flush()));
      return result;
    },
    adapter,
    audit,
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
  const views = new BotViews(cards);
  const knowledge = new KnowledgeBase();
  const billing = new BillingSetupService({ backend, audit: deps.audit, logger, now });

  // Private (per user, per conversation) so two people in one group chat each run their own flow.
  const dialogState = new PrivateConversationState(deps.botStateStorage);
  const dialogs = new DialogSet(dialogState.createProperty<DialogState>('dialogState'));
  dialogs.add(new LinkBillingDialog({ billing, cards, newRunId: deps.newRunId }));
  dialogs.add(new RemoveBillingDialog({ billing, cards, newRunId: deps.newRunId }));

  const router = new CommandRouter({
    dialogs,
    lastActiveAt: dialogState.createProperty<number | undefined>('lastActiveAt'),
    recognize: recognizeIntent,
    idleMinutes: deps.dialogIdleMinutes,
    now,
    handlers: {
      help: helpCommand(views),
      greeting: greetingCommand(views),
      unknown: unknownCommand(views),
      question: questionCommand({ knowledge, cards }),
      setUpBilling: linkBillingCommand('link'),
      changeBilling: linkBillingCommand('change'),
      removeBilling: removeBillingCommand(),
      billingStatus: billingStatusCommand({ billing, cards }),
      requestSeats: notYetCommand({ knowledge, cards, feature: 'seat requests' }),
      grantTestManager: notYetCommand({ knowledge, cards, feature: 'Test Manager grants' }),
    },
  });

  const bot = new BillingBot({
    router,
    states: [dialogState],
    references: new ConversationReferenceStore(deps.referencesStorage),
    views,
    allowedTenants: deps.allowedTenants,
    logger,
  });
  return { bot, onTurnError: createTurnErrorHandler({ logger, cards, dialogState, now }) };
}

async function createBackend(config: Config, sandboxStore: JsonFileStorage | undefined): Promise<AzureBackend> {
  if (config.backend === 'azure' && config.azure) {
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

