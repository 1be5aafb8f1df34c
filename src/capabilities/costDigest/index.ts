import type { CapabilityModule } from '../capability.js';
import { ApprovalChannels } from '../seatRequests/approvalChannels.js';
import { costDigestStatusCommand, startCostDigestCommand, stopCostDigestCommand } from './commands.js';
import { sendDueDigests } from './schedule.js';
import { costDigestStatusTrigger, startCostDigestTrigger, stopCostDigestTrigger } from './trigger.js';

/**
 * A monthly cost digest per organization, opted into in chat: the cost sweep's inactive paid users and the saving,
 * posted to the organization's approvals conversation, with a button that starts the interactive sweep.
 */
export const costDigest: CapabilityModule = {
  name: 'cost digest',
  commands: [
    { intent: 'startCostDigest', replacesFlow: true, trigger: startCostDigestTrigger },
    { intent: 'stopCostDigest', replacesFlow: true, trigger: stopCostDigestTrigger },
    { intent: 'costDigestStatus', replacesFlow: true, trigger: costDigestStatusTrigger },
  ],
  help: {
    title: 'Monthly cost digest',
    description:
      'Once a month, in the approvals conversation: who holds a paid access level without signing in, and what moving them to Stakeholder would save. Also: stop the cost digest, cost digest status.',
    example: 'send a monthly cost digest for contoso-web',
    button: 'Cost digest status',
    command: 'cost digest status',
  },
  create: (deps) => {
    const service = deps.costDigests;
    const channels = new ApprovalChannels(deps.settings);
    return {
      handlers: {
        startCostDigest: startCostDigestCommand({ service, channels }),
        stopCostDigest: stopCostDigestCommand({ service }),
        costDigestStatus: costDigestStatusCommand({ service, channels, cards: deps.cards }),
      },
      background: [
        {
          name: 'monthly cost digests',
          everyMs: deps.backgroundEveryMs,
          run: () => sendDueDigests({ service, channels, references: deps.references, proactive: deps.proactive, cards: deps.cards, logger: deps.logger, now: deps.now }),
        },
      ],
    };
  },
};
