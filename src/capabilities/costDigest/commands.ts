import type { CommandHandler } from '../../bot/contracts.js';
import { escapeUserText } from '../../cards/escape.js';
import type { CardRenderer } from '../../cards/renderer.js';
import type { CostDigestService, StartOutcome, StopOutcome } from '../../services/costDigest.js';
import { digestScheduleText, type CostDigestSchedule } from '../../services/costDigestSchedule.js';
import type { ApprovalChannels } from '../seatRequests/approvalChannels.js';
import { entitiesOf } from '../../commands/entities.js';
import { inactiveDaysIn, withoutInactiveDays } from './trigger.js';

const whenText = (iso: string): string => `${iso.slice(0, 16).replace('T', ' ')} UTC`;
const bold = (organization: string, command: string): string => `**${command} for ${escapeUserText(organization)}**`;

export function startCostDigestCommand(deps: { service: CostDigestService; channels: ApprovalChannels }): CommandHandler {
  return async ({ context, caller, recognized, text }) => {
    const organizationName = recognized.entities.organization ?? entitiesOf(withoutInactiveDays(text)).organization;
    const outcome = await deps.service.start(caller, { organizationName, inactiveDays: inactiveDaysIn(text) });
    if ('schedule' in outcome) {
      const { schedule } = outcome;
      const channel = await deps.channels.get(schedule.organization.id);
      await context.sendActivity(`${startedText(outcome.kind, schedule)} ${channel ? channelText(schedule) : noChannelText(schedule)}`);
      return;
    }
    await context.sendActivity(refusalText(outcome, 'send a monthly cost digest'));
  };
}

export function stopCostDigestCommand(deps: { service: CostDigestService }): CommandHandler {
  return async ({ context, caller, recognized }) => {
    const outcome = await deps.service.stop(caller, { organizationName: recognized.entities.organization });
    if (outcome.kind === 'stopped') {
      const name = outcome.schedule.organization.name;
      await context.sendActivity(
        `The cost digest for ${escapeUserText(name)} is stopped: I will post no more. Type ${bold(name, 'send a monthly cost digest')} to start it again.`,
      );
      return;
    }
    if (outcome.kind === 'not_running') {
      await context.sendActivity(`No cost digest is running for ${escapeUserText(outcome.organization.name)}, so there is nothing to stop.`);
      return;
    }
    await context.sendActivity(refusalText(outcome, 'stop the cost digest'));
  };
}

export function costDigestStatusCommand(deps: { service: CostDigestService; channels: ApprovalChannels; cards: CardRenderer }): CommandHandler {
  return async ({ context, caller }) => {
    const schedules = await deps.service.status(caller);
    const items = await Promise.all(
      schedules.map(async (schedule) => ({ schedule, channel: await deps.channels.get(schedule.organization.id) })),
    );
    await context.sendActivity({
      attachments: [
        deps.cards.attachment('seat-request-list', {
          title: 'Monthly cost digests',
          empty: 'No cost digest is set up for your organizations. Type **send a monthly cost digest for** and the organization\'s name to start one.',
          items: items.map(({ schedule, channel }) => statusItem(schedule, channel !== undefined)),
          note: `Digests are posted ${digestScheduleText} to the organization's approvals conversation.`,
        }),
      ],
    });
  };
}

function startedText(kind: 'started' | 'updated' | 'already', schedule: CostDigestSchedule): string {
  const name = escapeUserText(schedule.organization.name);
  const next = schedule.nextRunAt ? whenText(schedule.nextRunAt) : 'not scheduled';
  const who = `people who hold a paid access level but have not signed in for more than ${schedule.inactiveDays} days (or never)`;
  switch (kind) {
    case 'started':
      return `From now on I post a cost digest for ${name} ${digestScheduleText}: ${who}, and what moving them to Stakeholder would save. The first one comes ${next}.`;
    case 'updated':
      return `The cost digest for ${name} now lists ${who}. The next one comes ${next}.`;
    case 'already':
      return `The cost digest for ${name} is already on, listing ${who}. The next one comes ${next}.`;
  }
}

function channelText(schedule: CostDigestSchedule): string {
  return `It goes to the conversation where ${escapeUserText(schedule.organization.name)}'s seat approvals are posted. Type ${bold(schedule.organization.name, 'stop the cost digest')} to end it.`;
}

function noChannelText(schedule: CostDigestSchedule): string {
  const name = schedule.organization.name;
  return (
    `But no approvals conversation is set for ${escapeUserText(name)} yet, so I have nowhere to post it: type ${bold(name, 'send approvals here')} ` +
    'in the team channel or group chat where approvers should see it (I must be added there).'
  );
}

function refusalText(outcome: Exclude<StartOutcome | StopOutcome, { kind: 'started' | 'updated' | 'already' | 'stopped' | 'not_running' }>, command: string): string {
  switch (outcome.kind) {
    case 'invalid':
      return `${outcome.message} Nothing was changed.`;
    case 'not_allowed':
      return `${outcome.message} Nothing was changed.`;
    case 'not_found':
      return outcome.named
        ? `I cannot find an organization called ${escapeUserText(outcome.named)} among yours in this tenant. Nothing was changed.`
        : 'I found none of your organizations in this tenant. Nothing was changed.';
    case 'choose':
      return `You may manage the cost digest of several organizations; say which: ${outcome.organizations.map((org) => bold(org.name, command)).join(', ')}.`;
  }
}

function statusItem(schedule: CostDigestSchedule, hasChannel: boolean): { title: string; detail: string } {
  const name = escapeUserText(schedule.organization.name);
  const by = escapeUserText(schedule.changedBy.displayName ?? 'someone');
  const title = schedule.active && schedule.nextRunAt ? `${name}: on, next ${whenText(schedule.nextRunAt)}` : `${name}: stopped`;
  const parts = [
    schedule.active ? `inactive for more than ${schedule.inactiveDays} days` : undefined,
    `${schedule.active ? 'started' : 'stopped'} by ${by} on ${schedule.changedAt.slice(0, 10)}`,
    lastRunText(schedule),
    schedule.active && !hasChannel ? 'no approvals conversation is set: type **send approvals here** where it should go' : undefined,
  ];
  return { title, detail: parts.filter((part): part is string => part !== undefined).join(' · ') };
}

function lastRunText(schedule: CostDigestSchedule): string | undefined {
  const run = schedule.lastRun;
  if (!run) return undefined;
  const when = whenText(run.claimedAt);
  switch (run.outcome) {
    case 'sent':
      return `last digest posted ${when}`;
    case 'failed':
      return `last digest ${when} could not be posted: ${escapeUserText(run.detail ?? 'see the bot log')}`;
    case 'claimed':
      return `a digest started ${when} and did not report back; the next one comes as planned`;
  }
}
