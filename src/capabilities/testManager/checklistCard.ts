import { describeStatus, type SeatRequest } from '../../approvals/seatRequest.js';
import { escapeUserText } from '../../cards/escape.js';
import type { TestManagerChecklistCardData } from '../../cards/views.js';
import { parseServerVersion } from '../../rules/serverVersions.js';
import { checklistSteps, testManagerDocUrl } from '../../rules/testManager.js';
import type { ServerChecklist } from './checklists.js';

export const toggleStepVerb = 'testManager/toggleStep';

/** The checklist as everyone sees it: the same for every viewer, read from the store, never from the card. */
export function checklistCardData(checklist: ServerChecklist, request: SeatRequest | undefined): TestManagerChecklistCardData {
  const parsed = parseServerVersion(checklist.serverVersion);
  if (!parsed.ok) throw new Error(`Stored checklist ${checklist.id} names an unknown server version`);
  const steps = checklistSteps({
    version: parsed.version,
    organizationName: checklist.organization.name,
    people: checklist.people.map(escapeUserText),
  });
  const doneCount = steps.filter((step) => checklist.done[step.id]).length;
  const count = checklist.people.length;
  return {
    title: `${parsed.version.label}: Test Manager for ${count} ${count === 1 ? 'person' : 'people'} paid through ${checklist.organization.name}`,
    facts: [
      { title: 'Server', value: parsed.version.label },
      { title: 'Paid through', value: checklist.organization.name },
      {
        title: 'Seat request',
        value: request ? `${request.number}: ${describeStatus(request.status)}` : 'none needed (everyone already has Test Plans)',
      },
    ],
    progress: doneCount === steps.length ? `All ${steps.length} steps done` : `${doneCount} of ${steps.length} steps done`,
    progressColor: doneCount === steps.length ? 'Good' : 'Warning',
    steps: steps.map((step) => {
      const done = checklist.done[step.id];
      return {
        mark: done ? '✅' : '⬜',
        text: step.text,
        state: done ? `Done by ${escapeUserText(done.by.displayName ?? 'someone')}, ${done.at.slice(0, 16).replace('T', ' ')} UTC` : '',
        toggleTitle: done ? 'Undo' : 'Done',
        verb: toggleStepVerb,
        toggle: { checklistId: checklist.id, stepId: step.id, done: !done },
      };
    }),
    note:
      'I do not change the server: these steps are done by hand, and ticking them here shows the progress to everyone who sees this card. ' +
      'Step 1 takes effect once the seat request is approved and assigned.',
    docUrl: testManagerDocUrl,
  };
}
