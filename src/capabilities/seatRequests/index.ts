import type { CapabilityModule } from '../capability.js';
import { notYetCommand } from '../notYet.js';
import { requestSeatsTrigger } from './trigger.js';

export const seatRequests: CapabilityModule = {
  name: 'seat requests',
  commands: [{ intent: 'requestSeats', replacesFlow: true, trigger: requestSeatsTrigger }],
  help: {
    title: 'Request seats',
    description:
      'Coming next: ask for an access level (Basic, Basic + Test Plans) for someone, and approvers see the monthly cost before anything is assigned. Today I can explain what a seat costs.',
    example: 'request Basic for ann@contoso.com',
    button: 'Request seats',
    command: 'request seats',
  },
  create: ({ knowledge, cards }) => ({
    handlers: { requestSeats: notYetCommand({ knowledge, cards, feature: 'seat requests' }) },
  }),
};
