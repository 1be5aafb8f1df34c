import type { Dialog } from 'botbuilder-dialogs';
import type { ActionDefinition, RoutedCommand } from '../bot/contracts.js';
import type { CapabilityHelp } from '../cards/views.js';
import { createRecognizer, type CommandTrigger, type Recognizer } from '../commands/recognizer.js';
import type { BackgroundJob, CapabilityDeps, CapabilityModule } from './capability.js';

export interface AssembledCapabilities {
  recognize: Recognizer;
  commands: ReadonlyMap<string, RoutedCommand>;
  dialogs: Dialog[];
  actions: ActionDefinition[];
  background: BackgroundJob[];
  help: CapabilityHelp[];
}

/** The static half of the capability list (phrasings), usable without building any service. */
export function triggersOf(modules: readonly CapabilityModule[]): CommandTrigger[] {
  return modules.flatMap((module) =>
    module.commands.flatMap((command) => (command.trigger ? [{ intent: command.intent, ...command.trigger }] : [])),
  );
}

/**
 * Builds every capability and checks the list is coherent: each declared intent has a handler and each handler
 * was declared, so a capability cannot be half wired.
 */
export function assembleCapabilities(modules: readonly CapabilityModule[], deps: CapabilityDeps): AssembledCapabilities {
  const commands = new Map<string, RoutedCommand>();
  const dialogs: Dialog[] = [];
  const actions: ActionDefinition[] = [];
  const background: BackgroundJob[] = [];
  for (const module of modules) {
    const parts = module.create(deps);
    const declared = new Set(module.commands.map((command) => command.intent));
    for (const intent of Object.keys(parts.handlers)) {
      if (!declared.has(intent)) throw new Error(`Capability "${module.name}" handles "${intent}" without declaring it`);
    }
    for (const command of module.commands) {
      const handler = parts.handlers[command.intent];
      if (!handler) throw new Error(`Capability "${module.name}" declares "${command.intent}" without a handler`);
      if (commands.has(command.intent)) throw new Error(`Two capabilities handle "${command.intent}"`);
      commands.set(command.intent, { handler, replacesFlow: command.replacesFlow });
    }
    dialogs.push(...(parts.dialogs ?? []));
    actions.push(...(parts.actions ?? []));
    background.push(...(parts.background ?? []));
  }
  return {
    recognize: createRecognizer(triggersOf(modules)),
    commands,
    dialogs,
    actions,
    background,
    help: modules.flatMap((module) => (module.help ? [module.help] : [])),
  };
}
