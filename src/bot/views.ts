import type { CardAttachment, CardRenderer } from '../cards/renderer.js';
import type { CapabilityHelp } from '../cards/views.js';
import { deepFreeze } from '../deepFreeze.js';

/**
 * The cards the shell itself shows; capability cards belong to their capabilities. Neither depends on the turn, so
 * each is rendered once and the same frozen card is sent every time (help is the most frequent turn there is).
 */
export class BotViews {
  private welcomeCard?: CardAttachment;
  private helpCard?: CardAttachment;

  constructor(
    private readonly cards: CardRenderer,
    private readonly capabilities: CapabilityHelp[],
  ) {}

  welcome(): CardAttachment {
    this.welcomeCard ??= deepFreeze(
      this.cards.attachment('welcome', {
        title: 'Hi, I help you run Azure DevOps billing',
        intro:
          'Since 2019, assigning an access level in Azure DevOps is the purchase, billed daily to the Azure subscription linked to the organization. I make those steps safe and explain the rules.',
        capabilities: this.capabilities,
      }),
    );
    return this.welcomeCard;
  }

  help(): CardAttachment {
    this.helpCard ??= deepFreeze(
      this.cards.attachment('welcome', {
        title: 'What I can do',
        intro: 'Pick a button, or type what you need in your own words.',
        capabilities: this.capabilities,
      }),
    );
    return this.helpCard;
  }
}
