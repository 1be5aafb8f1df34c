import type { Storage } from 'botbuilder';
import type { Dialog } from 'botbuilder-dialogs';
import type { ActionDefinition, CommandHandler } from '../bot/contracts.js';
import type { ConversationReferenceStore } from '../bot/conversationReferences.js';
import type { ProactiveMessenger } from '../bot/proactive.js';
import type { CardRenderer } from '../cards/renderer.js';
import type { CapabilityHelp } from '../cards/views.js';
import type { TriggerRules } from '../commands/recognizer.js';
import type { KnowledgeBase } from '../knowledge/knowledgeBase.js';
import type { Logger } from '../logger.js';
import type { AuditLog } from '../services/audit.js';
import type { BillingSetupService } from '../services/billingSetup.js';
import type { CostDigestService } from '../services/costDigest.js';
import type { CostSweepService } from '../services/costSweep.js';
import type { SeatRequestService } from '../services/seatRequests.js';

/**
 * One thing the bot can do, declared in one place: how its commands are recognized, whether typing one mid-flow
 * replaces the flow, its help-card entry, and (built from the app's services) its handlers, dialogs and card
 * actions. The recognizer, the router's table, the help card, the dialog set and the invoke routing are all built
 * from the list in `capabilities/index.ts`, so a new capability is a new folder and one line there.
 */
export interface CapabilityModule {
  name: string;
  commands: CapabilityCommand[];
  /** Listed on the welcome and help cards, in the order of the capability list. */
  help?: CapabilityHelp;
  create(deps: CapabilityDeps): CapabilityParts;
}

export interface CapabilityCommand {
  intent: string;
  /** Typed in the middle of a flow, it cancels the flow and starts this command. */
  replacesFlow: boolean;
  /** Absent for the built-in `question` intent, which the recognizer decides on its own. */
  trigger?: TriggerRules;
}

export interface CapabilityParts {
  /** One handler per declared intent. */
  handlers: Record<string, CommandHandler>;
  dialogs?: Dialog[];
  actions?: ActionDefinition[];
  /** Work that runs on a timer outside any turn (reminders, expiry); the app starts and stops it. */
  background?: BackgroundJob[];
}

export interface BackgroundJob {
  name: string;
  everyMs: number;
  run(): Promise<void>;
}

/** The services capabilities are built from; the composition root makes each once. */
export interface CapabilityDeps {
  billing: BillingSetupService;
  seatRequests: SeatRequestService;
  costDigests: CostDigestService;
  costSweep: CostSweepService;
  knowledge: KnowledgeBase;
  cards: CardRenderer;
  audit: AuditLog;
  references: ConversationReferenceStore;
  proactive: ProactiveMessenger;
  /** Settings people change in chat. */
  settings: Storage;
  /** How often background jobs look for due work. */
  backgroundEveryMs: number;
  logger: Logger;
  now: () => Date;
  /** Dialog tests fix the ids that cards carry. */
  newRunId?: () => string;
}
