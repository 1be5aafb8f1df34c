import type { CapabilityModule } from '../capability.js';
import { seatRequestNotifier } from '../seatRequests/notifier.js';
import { sweepDowngradeAction, sweepPageAction } from './actions/sweepActions.js';
import { costSweepCommand, restoreDowngradeCommand } from './commands.js';
import { costSweepTrigger, restoreDowngradeTrigger } from './trigger.js';

/**
 * Paid seats nobody uses: people holding a paid level who have not signed in for N days, the monthly saving, and
 * "Downgrade to Stakeholder" raised as one approval request through the seat-request flow (never acted on alone).
 */
export const costSweep: CapabilityModule = {
  name: 'cost sweep',
  commands: [
    { intent: 'costSweep', replacesFlow: true, trigger: costSweepTrigger },
    { intent: 'restoreDowngrade', replacesFlow: true, trigger: restoreDowngradeTrigger },
  ],
  help: {
    title: 'Cost sweep',
    description:
      'Find people you pay for who have not signed in for 30 days (or the days you say), see the monthly saving, and ask an approver to move them to Stakeholder. Restore anyone later with restore request N.',
    example: 'cost sweep for contoso-web inactive 60 days',
    button: 'Cost sweep',
    command: 'cost sweep',
  },
  create: (deps) => {
    const sweepDeps = {
      billing: deps.billing,
      costSweep: deps.costSweep,
      seatRequests: deps.seatRequests,
      notifier: seatRequestNotifier(deps),
      cards: deps.cards,
      now: deps.now,
    };
    return {
      handlers: { costSweep: costSweepCommand(sweepDeps), restoreDowngrade: restoreDowngradeCommand(sweepDeps) },
      actions: [sweepPageAction(sweepDeps), sweepDowngradeAction(sweepDeps)],
    };
  },
};
