import { billingSetup } from './billingSetup/index.js';
import { billingStatus } from './billingStatus/index.js';
import type { CapabilityModule } from './capability.js';
import { costDigest } from './costDigest/index.js';
import { costSweep } from './costSweep/index.js';
import { licensingQuestions } from './licensingQuestions/index.js';
import { seatRequests } from './seatRequests/index.js';
import { testManager } from './testManager/index.js';

/** Everything the bot can do, in the order the welcome and help cards list it. A new capability is one line here. */
export const capabilityModules: readonly CapabilityModule[] = [
  billingSetup,
  billingStatus,
  seatRequests,
  costSweep,
  costDigest,
  testManager,
  licensingQuestions,
];
