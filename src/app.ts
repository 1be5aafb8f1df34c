import { CloudAdapter, TeamsSSOTokenExchangeMiddleware, type Storage, type TurnContext } from 'botbuilder';
import type { AzureBackend } from './azure/ports.js';
import { createSandboxBackend, loadSandboxSeed } from './azure/sandbox/sandboxBackend.js';
import type { BillingBot } from './bot/billingBot.js';
import { cloudAdapterMessenger } from './bot/proactive.js';
import { botAuthenticationSettings, ReusedConnectorAuthentication } from './bot/reusedConnectorAuthentication.js';
import { TeamsSignIn } from './bot/teamsSignIn.js';
import { markTurnStarted } from './bot/turnCaller.js';
import type { BackgroundJob } from './capabilities/capability.js';
import type { Config } from './config.js';
import type { Logger } from './logger.js';
import { createBotServer } from './server.js';
import type { AuditLog } from './services/audit.js';
import { guardAzureReads, TurnBudget } from './services/azureReads.js';
import { recoverInterruptedChanges } from './services/changeLedger.js';
import { createStores } from './storage/stores.js';

export interface AppOptions {
  logger: Logger;
  /** Replaces the backend the config selects (tests point the REST backend at local fakes). */
  backend?: AzureBackend;
  now?: () => Date;
  /** Loads the module that builds the bot; tests hold it back to watch the app before the bot is built. */
  loadBotModule?: () => Promise<typeof import('./createBot.js')>;
}

export interface App {
  /** Answers /healthz once listening, and starts loading what answers turns (`turnsLoaded`). */
  listen(port: number, host: string): Promise<{ port: number; host: string }>;
  /**
   * Resolves once the bot that answers turns is built (until then /readyz is 503 and a turn waits for it); rejects
   * when it cannot be, and the process should stop.
   */
  turnsLoaded(): Promise<void>;
  /** Stops taking requests, lets in-flight turns finish, then flushes every store. */
  close(graceMs: number): Promise<{ drained: boolean }>;
  adapter: CloudAdapter;
  audit: AuditLog;
  backend: AzureBackend;
  /** Runs every background job once, now, as its timer would (tests drive due work with a controlled clock). */
  runBackgroundJobs(): Promise<void>;
}

interface Turns {
  bot: BillingBot;
  onTurnError: (context: TurnContext, error: Error) => Promise<void>;
  background: BackgroundJob[];
}

/**
 * The composition root: config → storage → backend → server, then services → dialogs → bot, in one visible place.
 * Nothing registers itself by import side effect.
 *
 * Everything that can refuse a start (a locked or damaged store, a bad sandbox seed) happens before the server listens.
 * The bot itself is built right after: its modules (card templates, dialogs, capabilities, the licensing index) take
 * about half a second to load, which /healthz, a liveness probe, must not wait for. /readyz stays 503 and an early
 * turn waits until it is built, so no turn is answered by a half-started bot.
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
  const adapter = new CloudAdapter(new ReusedConnectorAuthentication(botAuthenticationSettings(config.bot)));
  const { oauthConnectionName } = config.bot;
  const signIn = oauthConnectionName ? new TeamsSignIn({ connectionName: oauthConnectionName, storage: stores.settings, logger }) : undefined;
  // Teams sends the token exchange to every instance that may hold the conversation; the shared store lets one win.
  if (oauthConnectionName) adapter.use(new TeamsSSOTokenExchangeMiddleware(stores.settings, oauthConnectionName));

  let timers: NodeJS.Timeout[] = [];
  let built: Turns | undefined;
  const buildTurns = async (): Promise<Turns> => {
    const loadBotModule = options.loadBotModule ?? (() => import('./createBot.js'));
    const [{ createBot }, { loadKnowledgeBase }] = await Promise.all([loadBotModule(), import('./knowledgeIndexFile.js')]);
    const { knowledge } = await loadKnowledgeBase({ logger });
    const assembled = createBot({
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
    timers = startBackgroundJobs(assembled.background, logger);
    built = assembled;
    return assembled;
  };
  let building: Promise<Turns> | undefined;
  const turns = (): Promise<Turns> => (building ??= buildTurns());
  adapter.onTurnError = async (context, error) => (await turns()).onTurnError(context, error);

  const server = createBotServer({
    adapter,
    logic: async (context: TurnContext) => {
      markTurnStarted(context, now());
      const { bot } = await turns();
      return bot.run(context);
    },
    slowTurn: { afterMs: config.turnNoticeMs, notice: async (context) => (await turns()).bot.stillWorking(context) },
    logger,
    maxBodyBytes: config.maxBodyBytes,
    isReady: async () => built !== undefined && (await stores.ready()),
  });

  return {
    async listen(port, host) {
      const address = await server.listen(port, host);
      // Whoever awaits `turnsLoaded` hears of a failure; until then it must not count as unhandled.
      turns().catch(() => undefined);
      return address;
    },
    turnsLoaded: async () => {
      await turns();
    },
    async close(graceMs) {
      const result = await server.close(graceMs);
      // Building may still be under way (a close right after listen): its timers start when it ends, and the stores
      // it uses close after it.
      await building?.catch(() => undefined);
      for (const timer of timers) clearInterval(timer);
      await stores.close();
      return result;
    },
    adapter,
    audit: stores.audit,
    backend,
    async runBackgroundJobs() {
      for (const job of (await turns()).background) await job.run();
    },
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

