import {
  CloudAdapter,
  TeamsSSOTokenExchangeMiddleware,
  type Storage,
  type TurnContext,
} from 'botbuilder';
import type { DialogState } from 'botbuilder-dialogs';
import { DialogSet } from './dialogs/sdk.js';
import type { AzureBackend } from './azure/ports.js';
import { createSandboxBackend, loadSandboxSeed } from './azure/sandbox/sandboxBackend.js';
import { ActionRouter } from './bot/actionRouter.js';
import type { SeatRequestRepository } from './approvals/repository.js';
import { BillingBot } from './bot/billingBot.js';
import { ConversationReferenceStore } from './bot/conversationReferences.js';
import { cloudAdapterMessenger, type ProactiveMessenger } from './bot/proactive.js';
import { FlowState } from './bot/flowState.js';
import { botAuthenticationSettings, ReusedConnectorAuthentication } from './bot/reusedConnectorAuthentication.js';
import { TeamsSignIn } from './bot/teamsSignIn.js';
import { CommandRouter } from './bot/router.js';
import { shellCommands } from './bot/shellCommands.js';
import { createTurnErrorHandler } from './bot/turnErrorHandler.js';
import { markTurnStarted } from './bot/turnCaller.js';
import { BotViews } from './bot/views.js';
import { assembleCapabilities } from './capabilities/assemble.js';
import type { BackgroundJob, CapabilityModule } from './capabilities/capability.js';
import { capabilityModules } from './capabilities/index.js';
import { CardRenderer } from './cards/renderer.js';
import type { Config } from './config.js';
import { KnowledgeBase } from './knowledge/knowledgeBase.js';
import { loadKnowledgeBase } from './knowledgeIndexFile.js';
import type { Logger } from './logger.js';
import { cardsDir } from './paths.js';
import { createBotServer } from './server.js';
import type { AuditLog } from './services/audit.js';
import { BillingSetupService } from './services/billingSetup.js';
import { CostSweepService } from './services/costSweep.js';
import { SeatRequestService } from './services/seatRequests.js';
import { CostDigestService } from './services/costDigest.js';
import type { CostDigestRepository } from './services/costDigestSchedule.js';
import { guardAzureReads, TurnBudget } from './services/azureReads.js';
import { recoverInterruptedChanges, type RecordStore } from './services/changeLedger.js';
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
  /** Runs every background job once, now, as its timer would (tests drive due work with a controlled clock). */
  runBackgroundJobs(): Promise<void>;
}

/**
 * The composition root: config → storage → backend → services → dialogs → bot → server, in one visible place.
 * Nothing registers itself by import side effect.
 */
export async function createApp(config: Config, options: AppOptions): Promise<App> {
  const { logger } = options;
  const now = options.now ?? (() => new Date());
  const stores = await createStores(config, { logger });

  const budget = new TurnBudget({ budgetMs: config.turnAzureBudgetMs, now });
  const backend = guardAzureReads(options.backend ?? (await createBackend(config, stores.sandboxTenant)), {
    budget,
    cacheMs: config.azureReadCacheSeconds * 1000,
    now,
  });
  await recoverInterruptedChanges({ records: stores.billingChanges, audit: stores.audit, logger, now, backend: backend.kind });
  const { knowledge } = await loadKnowledgeBase({ logger });
  const adapter = new CloudAdapter(new ReusedConnectorAuthentication(botAuthenticationSettings(config.bot)));
  const { oauthConnectionName } = config.bot;
  const signIn = oauthConnectionName ? new TeamsSignIn({ connectionName: oauthConnectionName, storage: stores.settings, logger }) : undefined;
  // Teams sends the token exchange to every instance that may hold the conversation; the shared store lets one win.
  if (oauthConnectionName) adapter.use(new TeamsSSOTokenExchangeMiddleware(stores.settings, oauthConnectionName));
  const { bot, onTurnError, background } = createBot({
    backend,
    audit: stores.audit,
    changeRecords: stores.billingChanges,
    botStateStorage: stores.botState,
    referencesStorage: stores.conversationReferences,
    seatRequestRepository: stores.seatRequests,
    costDigestRepository: stores.costDigests,
    settingsStorage: stores.settings,
    proactive: cloudAdapterMessenger(adapter, config.bot.appId ?? ''),
    seatRequestSettings: config.seatRequests,
    allowedTenants: config.allowedTenants,
    allowedChannels: config.allowedChannels,
    dialogIdleMinutes: config.dialogIdleMinutes,
    logger,
    now,
    signIn,
    knowledge,
  });
  adapter.onTurnError = onTurnError;
  const timers = startBackgroundJobs(background, logger);

  const server = createBotServer({
    adapter,
    logic: (context: TurnContext) => {
      markTurnStarted(context, now());
      return bot.run(context);
    },
    slowTurn: { afterMs: config.turnNoticeMs, notice: (context) => bot.stillWorking(context) },
    logger,
    maxBodyBytes: config.maxBodyBytes,
    isReady: () => stores.ready(),
  });

  return {
    listen: (port, host) => server.listen(port, host),
    async close(graceMs) {
      for (const timer of timers) clearInterval(timer);
      const result = await server.close(graceMs);
      await stores.close();
      return result;
    },
    adapter,
    audit: stores.audit,
    backend,
    async runBackgroundJobs() {
      for (const job of background) await job.run();
    },
  };
}

export interface BotDeps {
  backend: AzureBackend;
  audit: AuditLog;
  /** Billing changes in progress; in memory when absent. */
  changeRecords?: RecordStore;
  botStateStorage: Storage;
  referencesStorage: Storage;
  seatRequestRepository: SeatRequestRepository;
  costDigestRepository: CostDigestRepository;
  settingsStorage: Storage;
  /** How the bot speaks outside a turn (approval cards, notifications). */
  proactive: ProactiveMessenger;
  seatRequestSettings: Config['seatRequests'];
  allowedTenants: string[];
  /** Default: Teams only. */
  allowedChannels?: string[];
  dialogIdleMinutes: number;
  logger: Logger;
  now: () => Date;
  /** Dialog tests fix the ids that cards carry. */
  newRunId?: () => string;
  /** Tests add a capability to prove the list drives everything; the app uses `capabilityModules`. */
  capabilities?: readonly CapabilityModule[];
  /** Teams single sign-on, when Azure calls are made as the user. */
  signIn?: TeamsSignIn;
  /** The app loads the prebuilt index (`knowledgeIndexFile.ts`); without one it is built here. */
  knowledge?: KnowledgeBase;
}

/** Everything that answers a turn, independent of the HTTP adapter, so tests can drive it with TestAdapter. */
export function createBot(deps: BotDeps): {
  bot: BillingBot;
  onTurnError: (context: TurnContext, error: Error) => Promise<void>;
  background: BackgroundJob[];
} {
  const { backend, logger, now } = deps;
  const cards = new CardRenderer({
    cardsDir,
    banner: backend.kind === 'sandbox' ? 'Sandbox: demo data, no real charges' : undefined,
  });
  const knowledge = deps.knowledge ?? new KnowledgeBase();
  const billing = new BillingSetupService({ backend, audit: deps.audit, logger, now, changeRecords: deps.changeRecords });
  const seatRequests = new SeatRequestService({
    backend,
    repository: deps.seatRequestRepository,
    audit: deps.audit,
    logger,
    now,
    settings: deps.seatRequestSettings,
  });
  const costDigests = new CostDigestService({
    backend,
    repository: deps.costDigestRepository,
    approverIds: deps.seatRequestSettings.approverIds,
    now,
  });
  const references = new ConversationReferenceStore(deps.referencesStorage);
  const capabilities = assembleCapabilities(deps.capabilities ?? capabilityModules, {
    billing,
    seatRequests,
    costDigests,
    costSweep: new CostSweepService({ backend, now }),
    knowledge,
    cards,
    audit: deps.audit,
    references,
    proactive: deps.proactive,
    settings: deps.settingsStorage,
    backgroundEveryMs: deps.seatRequestSettings.checkEveryMs,
    logger,
    now,
    newRunId: deps.newRunId,
  });
  const views = new BotViews(cards, capabilities.help);

  // Private (per user, per conversation) so two people in one group chat each run their own flow.
  // Twice the idle limit: within it, a returning user still hears that their flow expired.
  const dialogState = new FlowState(deps.botStateStorage, { expireAfterMs: 2 * deps.dialogIdleMinutes * 60_000, now });
  const dialogStack = dialogState.createProperty<DialogState>('dialogState');
  const dialogs = new DialogSet(dialogStack);
  for (const dialog of capabilities.dialogs) dialogs.add(dialog);

  const router = new CommandRouter({
    dialogs,
    dialogState: dialogStack,
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
    references,
    views,
    allowedTenants: deps.allowedTenants,
    allowedChannels: deps.allowedChannels ?? ['msteams'],
    logger,
    signIn: deps.signIn,
  });
  return {
    bot,
    background: capabilities.background,
    onTurnError: createTurnErrorHandler({ logger, cards, dialogState, now, signIn: deps.signIn }),
  };
}

/** Each job on its own timer; a failing run is logged and the next one tries again. Timers never keep the process up. */
function startBackgroundJobs(jobs: BackgroundJob[], logger: Logger): NodeJS.Timeout[] {
  return jobs.map((job) => {
    let running = false;
    const timer = setInterval(() => {
      if (running) return;
      running = true;
      job
        .run()
        .catch((error: unknown) => logger.error({ err: error, job: job.name }, 'a background job failed; it runs again later'))
        .finally(() => {
          running = false;
        });
    }, job.everyMs);
    timer.unref();
    return timer;
  });
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
      approverIds: config.seatRequests.approverIds,
      credential: (caller) => credentials.credentialFor(caller),
      actsAsCaller: (caller) => credentials.actsAsCaller(caller),
    });
  }
  if (!sandboxStore) throw new Error('The sandbox backend needs its store');
  return createSandboxBackend({ storage: sandboxStore, seed: await loadSandboxSeed(config.sandboxSeedFile) });
}

