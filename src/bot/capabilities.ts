/** What the bot offers, in the order the welcome and help cards list it. Each button sends `command` as typed text. */
export interface Capability {
  title: string;
  description: string;
  example: string;
  button: string;
  command: string;
}

export const capabilities: Capability[] = [
  {
    title: 'Set up billing',
    description:
      'Link an Azure DevOps organization to an Azure subscription. I check the subscription and your roles first and explain how to fix anything that blocks it.',
    example: 'set up billing for contoso-mobile',
    button: 'Set up billing',
    command: 'set up billing',
  },
  {
    title: 'Billing status',
    description: 'See which Azure subscription pays for each of your organizations, change it or remove billing.',
    example: 'billing status',
    button: 'Billing status',
    command: 'billing status',
  },
  {
    title: 'Request seats',
    description:
      'Coming next: ask for an access level (Basic, Basic + Test Plans) for someone, and approvers see the monthly cost before anything is assigned. Today I can explain what a seat costs.',
    example: 'request Basic for ann@contoso.com',
    button: 'Request seats',
    command: 'request seats',
  },
  {
    title: 'Grant Test Manager',
    description:
      'Coming next: give someone Azure Test Plans, on Azure DevOps Services or on Azure DevOps Server / TFS paid through an organization. Today I can explain the steps.',
    example: 'grant test manager',
    button: 'Grant Test Manager',
    command: 'grant test manager',
  },
  {
    title: 'Ask a licensing question',
    description: 'Access levels, free users, prices, Visual Studio subscriptions, what removing billing does — answered from the Microsoft docs, with the source.',
    example: 'Is the Azure free trial supported for billing?',
    button: 'Ask a question',
    command: 'what can I ask about licensing?',
  },
];
