import type { CommandHandler } from '../../bot/contracts.js';
import { escapeUserText } from '../../cards/escape.js';
import { accessLevel } from '../../rules/accessLevels.js';
import { requestNumberIn } from '../seatRequests/trigger.js';
import { announcementText } from '../seatRequests/index.js';
import { administered, sweepCard, type SweepDeps } from './sweepFlow.js';
import { inactiveDaysIn, organizationIn } from './typedSweep.js';

/** "cost sweep [for <organization>] [inactive N days]": the sweep card, or a sentence saying what to type instead. */
export function costSweepCommand(deps: SweepDeps): CommandHandler {
  return async ({ context, caller, text, recognized }) => {
    const period = inactiveDaysIn(text);
    if ('invalid' in period) {
      await context.sendActivity(
        `"${escapeUserText(period.invalid.slice(0, 40))}" is not a number of days. Type, for example, **cost sweep inactive 60 days** (from 1 to 3650 days; 30 when you leave it out).`,
      );
      return;
    }
    const organizations = await administered(deps, caller);
    if (organizations.length === 0) {
      await context.sendActivity('I cannot find an Azure DevOps organization you administer, so there is nobody to sweep.');
      return;
    }
    const named = organizationIn(text) ?? recognized.entities.organization;
    const organization = named
      ? organizations.find((candidate) => candidate.name.toLowerCase() === named.toLowerCase())
      : organizations.length === 1
        ? organizations[0]
        : undefined;
    if (!organization) {
      const choices = organizations.map((candidate) => `**cost sweep for ${candidate.name}**`).join(', ');
      await context.sendActivity(
        named
          ? `You do not administer an organization called "${escapeUserText(named)}". Type one of: ${choices}.`
          : `Which organization should I sweep? Type one of: ${choices}.`,
      );
      return;
    }
    const outcome = await sweepCard(deps, caller, organization, { inactiveDays: period.days, page: 0, kept: new Set() });
    if (outcome.kind === 'invalid_days') {
      await context.sendActivity(outcome.message);
      return;
    }
    await context.sendActivity({ attachments: [deps.cards.attachment('cost-sweep', outcome.dataWith())] });
  };
}

/**
 * "restore request 12 [for ann@contoso.com]": asks, through the same approval, for the levels a downgrade took.
 * Restoring costs money again, so an approver decides, as for any seat.
 */
export function restoreDowngradeCommand(deps: SweepDeps): CommandHandler {
  return async ({ context, caller, text, recognized }) => {
    const number = requestNumberIn(text);
    const restore = number === undefined ? { kind: 'not_found' as const } : await deps.seatRequests.restore(caller, number, recognized.entities.emails);
    if (restore.kind === 'not_found') {
      await context.sendActivity(`I have no request ${number ?? ''}. Type **my requests** to see yours.`);
      return;
    }
    if (restore.kind === 'nothing_to_restore') {
      await context.sendActivity(restore.message);
      return;
    }
    const said: string[] = [];
    for (const draft of restore.drafts) {
      const submitted = await deps.seatRequests.submit(caller, draft, { requestedIn: context.activity.conversation?.id });
      const level = accessLevel(draft.level).uiName;
      if (submitted.kind === 'submitted') {
        const { deliveredTo, unreachable } = await deps.notifier.announce(caller, submitted.request);
        said.push(`${level} for ${draft.principalNames.length}: ${announcementText(submitted.request.number, restore.request.organization.name, deliveredTo, unreachable)}`);
      } else if (submitted.kind === 'nothing_to_do') {
        said.push(`${level}: nothing to ask for (${submitted.unchanged.map((person) => `${escapeUserText(person.principalName)}: ${person.why}`).join(' ')})`);
      } else if (submitted.kind === 'invalid') {
        said.push(`${level}: ${submitted.problems.join(' ')}`);
      }
    }
    await context.sendActivity(said.join('\n\n'));
  };
}
