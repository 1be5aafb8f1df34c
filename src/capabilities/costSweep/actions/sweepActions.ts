import { z } from 'zod';
import { cardResponse, defineAction, errorResponse, messageResponse, type ActionResponse } from '../../../bot/contracts.js';
import type { Caller, Organization } from '../../../azure/ports.js';
import { administered, requestDowngrade, requestsSummary, sweepCard, type SweepDeps } from '../sweepFlow.js';
import { keepInputPrefix, sweepVerbs } from '../sweepCard.js';

/**
 * What a sweep card button sends: its own data (organization, period, page) and the card's inputs (the keep toggles
 * of the page shown, and the people kept on other pages). All of it only narrows what is asked for: the sweep is
 * read again on every click.
 */
const sweepData = z
  .object({
    organizationId: z.string().min(1).max(100),
    inactiveDays: z.number().int(),
    page: z.number().int().min(0).max(10_000),
    // A thousand sign-in names a line each, with room to spare; a forged longer text is refused as damaged.
    keptElsewhere: z.string().max(400_000).optional(),
  })
  .catchall(z.unknown());

const downgradeData = sweepData.extend({
  sweptAt: z.string().datetime(),
  shown: z.string().min(1).max(64),
});

type SweepData = z.infer<typeof sweepData>;

/** The people kept so far: those kept on other pages, with this page's toggles applied. */
export function keptPeople(data: SweepData): Set<string> {
  const kept = new Set(
    (data.keptElsewhere ?? '')
      .split(/[\s,;]+/)
      .map((name) => name.toLowerCase())
      .filter((name) => name.length > 0 && name.length <= 320),
  );
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
      return answer(deps, caller, organization, data, []);
    },
  });
}

/** Downgrade to Stakeholder: one approval request for the candidates shown and not kept; the card then says where it went. */
export function sweepDowngradeAction(deps: SweepDeps) {
  return defineAction({
    verb: sweepVerbs.downgrade,
    data: downgradeData,
    async handle({ caller, context }, data) {
      const organization = await find(deps, caller, data.organizationId);
      if (!organization) return notVisible();
      const outcome = await requestDowngrade(deps, caller, organization, {
        inactiveDays: data.inactiveDays,
        page: data.page,
        kept: keptPeople(data),
        shown: { sweptAt: new Date(data.sweptAt), fingerprint: data.shown },
        requestedIn: context.activity.conversation?.id,
      });
      switch (outcome.kind) {
        case 'invalid_days':
          return errorResponse(400, 'InvalidInactivityPeriod', outcome.message);
        case 'too_large':
          return messageResponse(tooManyKept);
        case 'changed':
          return answer(deps, caller, organization, data, [
            'The inactive people changed since this card was shown, so I asked for nobody. Here is the list as it is now: check it and choose Downgrade again.',
          ]);
        case 'requested': {
          const numbers = outcome.raised.map((request) => request.number);
          return answer(deps, caller, organization, data, [outcome.messages.join('\n\n'), ...(numbers.length > 0 ? [requestsSummary(numbers)] : [])]);
        }
      }
    },
  });
}

/**
 * The card again, with the first of `notes` that lets it fit in a Teams card (the shorter ones come last). The sweep
 * is read once; only the card is built again for each note.
 */
async function answer(deps: SweepDeps, caller: Caller, organization: Organization, data: SweepData, notes: readonly string[]): Promise<ActionResponse> {
  const outcome = await sweepCard(deps, caller, organization, { inactiveDays: data.inactiveDays, page: data.page, kept: keptPeople(data) });
  if (outcome.kind === 'invalid_days') return errorResponse(400, 'InvalidInactivityPeriod', outcome.message);
  for (const note of notes.length > 0 ? notes : [undefined]) {
    // An empty note leaves the card's own next step in place.
    const attachment = deps.cards.attachmentIfFits('cost-sweep', outcome.dataWith(note || undefined));
    if (attachment) return cardResponse(attachment.content);
  }
  return messageResponse(notes.length > 0 ? `${notes.at(-1)} ${tooManyKept}` : tooManyKept);
}

const tooManyKept =
  'You keep more people than one card can list, so I cannot show this sweep. Type **cost sweep** with a longer ' +
  'period (for example **cost sweep inactive 90 days**) to list fewer people, or ask for the people you want lowered ' +
  'in a seat request.';

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
