import type { CapabilityModule } from '../capability.js';
import { refreshBillingStatusAction } from './actions/refresh.js';
import { billingStatusCommand } from './statusCard.js';
import { billingStatusTrigger } from './trigger.js';

/** Which subscription pays for each organization, the seats in use and what they cost a month. */
export const billingStatus: CapabilityModule = {
  name: 'billing status',
  commands: [{ intent: 'billingStatus', replacesFlow: true, trigger: billingStatusTrigger }],
  help: {
    title: 'Billing status',
    description: 'See which Azure subscription pays for each of your organizations, change it or remove billing.',
    example: 'billing status',
    button: 'Billing status',
    command: 'billing status',
  },
  create: ({ billing, cards, now }) => ({
    handlers: { billingStatus: billingStatusCommand({ billing, cards, now }) },
    actions: [refreshBillingStatusAction({ billing, cards, now })],
  }),
};
