import type { CapabilityModule } from '../capability.js';
import { notYetCommand } from '../notYet.js';
import { grantTestManagerTrigger } from './trigger.js';

export const testManager: CapabilityModule = {
  name: 'Test Manager grants',
  commands: [{ intent: 'grantTestManager', replacesFlow: true, trigger: grantTestManagerTrigger }],
  help: {
    title: 'Grant Test Manager',
    description:
      'Coming next: give someone Azure Test Plans, on Azure DevOps Services or on Azure DevOps Server / TFS paid through an organization. Today I can explain the steps.',
    example: 'grant test manager',
    button: 'Grant Test Manager',
    command: 'grant test manager',
  },
  create: ({ knowledge, cards }) => ({
    handlers: { grantTestManager: notYetCommand({ knowledge, cards, feature: 'Test Manager grants' }) },
  }),
};
