import type { BillingFlowOptions } from '../../dialogs/billingFlow.js';
import { LinkBillingDialog, linkBillingDialogId, type LinkBillingOptions } from '../../dialogs/linkBillingDialog.js';
import { RemoveBillingDialog, removeBillingDialogId } from '../../dialogs/removeBillingDialog.js';
import type { CommandHandler } from '../../bot/contracts.js';
import type { CapabilityModule } from '../capability.js';
import { changeBillingTrigger, removeBillingTrigger, setUpBillingTrigger } from './triggers.js';

/** Link, change and remove billing: guided flows that re-check rights and eligibility at the moment of change. */
export const billingSetup: CapabilityModule = {
  name: 'billing setup',
  commands: [
    { intent: 'setUpBilling', replacesFlow: true, trigger: setUpBillingTrigger },
    { intent: 'changeBilling', replacesFlow: true, trigger: changeBillingTrigger },
    { intent: 'removeBilling', replacesFlow: true, trigger: removeBillingTrigger },
  ],
  help: {
    title: 'Set up billing',
    description:
      'Link an Azure DevOps organization to an Azure subscription. I check the subscription and your roles first and explain how to fix anything that blocks it.',
    example: 'set up billing for contoso-mobile',
    button: 'Set up billing',
    command: 'set up billing',
  },
  create: ({ billing, cards, newRunId }) => ({
    handlers: {
      setUpBilling: linkBilling('link'),
      changeBilling: linkBilling('change'),
      removeBilling: async ({ startFlow, recognized }) => {
        const options: BillingFlowOptions = { organizationName: recognized.entities.organization };
        await startFlow(removeBillingDialogId, options);
      },
    },
    dialogs: [new LinkBillingDialog({ billing, cards, newRunId }), new RemoveBillingDialog({ billing, cards, newRunId })],
  }),
};

/** "set up billing" (mode link) and "change billing subscription" (mode change) run the same flow. */
function linkBilling(mode: LinkBillingOptions['mode']): CommandHandler {
  return async ({ startFlow, recognized }) => {
    const options: LinkBillingOptions = { organizationName: recognized.entities.organization, mode };
    await startFlow(linkBillingDialogId, options);
  };
}
