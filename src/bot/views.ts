import type { CardAttachment, CardRenderer } from '../cards/renderer.js';
import type { CapabilityHelp } from '../cards/views.js';

/** The cards the shell itself shows; capability cards belong to their capabilities. */
export class BotViews {
  constructor(
    private readonly cards: CardRenderer,
    private readonly capabilities: CapabilityHelp[],
  ) {}

  welcome(): CardAttachment {
    return this.cards.attachment('welcome', {
      title: 'Hi, I help you run Azure DevOps billing',
      intro:
        'Since 2019, assigning an access level in Azure DevOps is the purchase, billed daily to the Azure subscription linked to the organization. I make those steps safe and explain the rules.',
      capabilities: this.capabilities,
    });
  }

  help(): CardAttachment {
    return this.cards.attachment('welcome', {
      title: 'What I can do',
      intro: 'Pick a button, or type what you need in your own words.',
      capabilities: this.capabilities,
    });
  }
}
