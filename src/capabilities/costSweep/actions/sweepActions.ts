import { z } from 'zod';
import { cardResponse, defineAction, errorResponse, type ActionResponse } from '../../../bot/contracts.js';
import type { Caller, Organization } from '../../../azure/ports.js';
import { administered, requestDowngrade, sweepCard, type SweepDeps } from '../sweepFlow.js';
import { keepInputPrefix, sweepVerbs } from '../sweepCard.js';

/**
 * What a sweep card button sends: its own data (organization, period, page, people kept on other pages) and the
 * keep toggles of the page shown. All of it only narrows what is asked for: the sweep is read again on every click.
 */
const sweepData = z
  .object({
    organizationId: z.string().min(1).max(100),
    inactiveDays: z.number().int(),
    page: z.number().int().min(0).max(10_000),
    kept: z.array(z.string().max(320)).max(10_000),
  })
  .catchall(z.unknown());

type SweepData = z.infer<typeof sweepData>;

/** The people kept so far: those carried from other pages, with this page's toggles applied. */
export function keptPeople(data: SweepData): Set<string> {
  const kept = new Set(data.kept.map((name) => name.toLowerCase()));
  for (const [key, value] of Object.entries(data)) {
    if (!key.startsWith(keepInputPrefix)) continue;
    const name = key.slice(keepInputPrefix.length).toLowerCase();
    if (value === 'true') kept.add(name);
    else if (value === 'false') kept.delete(name);
  }
  return kept;
}

/** Next, Previous and Update saving: the card again, for the page asked, with the keep toggles carried along. */
export function sweepPageAction(deps: SweepDeps) {
  return defineAction({
    verb: sweepVerbs.page,
    data: sweepData,
    async handle({ caller }, data) {
      const organization = await find(deps, caller, data.organizationId);
      if (!organization) return notVisible();
      return answer(deps, caller, organization, data);
    },
  });
}

/** Downgrade to Stakeholder: one approval request for the candidates not kept; the card then says where it went. */
export function sweepDowngradeAction(deps: SweepDeps) {
  return defineAction({
    verb: sweepVerbs.downgrade,
    data: sweepData,
    async handle({ caller, context }, data) {
      const organization = await find(deps, caller, data.organizationId);
      if (!organization) return notVisible();
      const kept = keptPeople(data);
      const { messages } = await requestDowngrade(deps, caller, organization, {
        inactiveDays: data.inactiveDays,
        kept,
        requestedIn: context.activity.conversation?.id,
      });
      return answer(deps, caller, organization, { ...data, kept: [...kept] }, messages.join('\n\n'));
    },
  });
}

async function answer(deps: SweepDeps, caller: Caller, organization: Organization, data: SweepData, note?: string): Promise<ActionResponse> {
  const outcome = await sweepCard(deps, caller, organization, { inactiveDays: data.inactiveDays, page: data.page, kept: keptPeople(data), note });
  if (outcome.kind === 'invalid_days') return errorResponse(400, 'InvalidInactivityPeriod', outcome.message);
  return cardResponse(deps.cards.render('cost-sweep', outcome.data));
}

async function find(deps: SweepDeps, caller: Caller, organizationId: string): Promise<Organization | undefined> {
  return (await administered(deps, caller)).find((organization) => organization.id === organizationId);
}

function notVisible(): ActionResponse {
  return errorResponse(
    404,
    'OrganizationNotVisible',
    'I cannot find this organization among the ones you administer. Type **cost sweep** to start again.',
  );
}
