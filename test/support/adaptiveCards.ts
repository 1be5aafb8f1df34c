import { createRequire } from 'node:module';

// The package's main entry needs a DOM; its UMD bundle parses and validates in plain Node.
const require = createRequire(import.meta.url);
const AC = require('adaptivecards/dist/adaptivecards.js');

/** Every parse and validation event the official Adaptive Cards parser raises for a card at schema 1.5. */
export function cardProblems(card: object): string[] {
  const context = new AC.SerializationContext(AC.Versions.v1_5);
  const parsed = new AC.AdaptiveCard();
  parsed.parse(card, context);
  const problems: string[] = [];
  for (let i = 0; i < context.eventCount; i++) problems.push(`parse: ${context.getEventAt(i).message}`);
  for (const event of parsed.validateProperties().validationEvents as Array<{ message: string; source?: { getJsonTypeName?(): string } }>) {
    problems.push(`validate ${event.source?.getJsonTypeName?.() ?? ''}: ${event.message}`);
  }
  return problems;
}

/** Size as Teams measures it (UTF-16). */
export function cardBytes(card: object): number {
  return JSON.stringify(card).length * 2;
}
