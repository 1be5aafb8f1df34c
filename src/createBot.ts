import type { Storage, TurnContext } from 'botbuilder';
import type { DialogState } from 'botbuilder-dialogs';
import { DialogSet } from './dialogs/sdk.js';
import type { AzureBackend } from './azure/ports.js';
import type { SeatRequestRepository } from './approvals/repository.js';
import { ActionRouter } from './bot/actionRouter.js';
import { BillingBot } from './bot/billingBot.js';
import { ConversationReferenceStore } from './bot/conversationReferences.js';
import { FlowState } from './bot/flowState.js';
import type { ProactiveMessenger } from './bot/proactive.js';
import { CommandRouter } from './bot/router.js';
import { shellCommands } from './bot/shellCommands.js';
import type { TeamsSignIn } from './bot/teamsSignIn.js';
import { createTurnErrorHandler } from './bot/turnErrorHandler.js';
import { BotViews } from './bot/views.js';
import { assembleCapabilities } from './capabilities/assemble.js';
import type { BackgroundJob, CapabilityModule } from './capabilities/capability.js';
import { capabilityModules } from './capabilities/index.js';
import { CardRenderer } from './cards/renderer.js';
import type { Config } from './config.js';
import { KnowledgeBase } from './knowledge/knowledgeBase.js';
import type { Logger } from './logger.js';
import { cardsDir } from './paths.js';
import type { AuditLog } from './services/audit.js';
import { BillingSetupService } from './services/billingSetup.js';
import { CostDigestService } from './services/costDigest.js';
import type { CostDigestRepository } from './services/costDigestSchedule.js';
import { CostSweepService } from './services/costSweep.js';
import { SeatRequestService } from './services/seatRequests.js';
import type { RecordStore } from './services/changeLedger.js';

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

/**
 * Everything that answers a turn, independent of the HTTP adapter, so tests can drive it with TestAdapter.
 * A module of its own because what it imports (the card template engine, botbuilder-dialogs, every capability) costs
 * about half a second of a start: the app loads it once the server listens (see `app.ts`), so /healthz is not held up.
 */
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
