import type { TriggerRules } from '../../commands/recognizer.js';
import { hasEmailAddress, mentionsAccessLevel } from '../../commands/entities.js';

const seatWords = /\b(seats?|licen[cs]es?|access level|access)\b/;
const requestVerbs =
  /^(request|order|buy|purchase|get|give|assign|add|grant|provide|allocate|set|change|switch|move|upgrade|downgrade)\b/;
/** What is left of "I need Basic + Test Plans for ann@…" once "I need" is stripped. */
const startsWithSeats = new RegExp(
  String.raw`^((a|an|some|more|additional|extra|new|another)\s+)*` +
    String.raw`((\d+|one|two|three|four|five|ten)\b|basic|stakeholder|test\s*plans?|advanced|seats?\b|licen[cs]es?\b)`,
);

/**
 * A message that starts with a verb ("request…", "give…") is an imperative even with a question mark. One that
 * starts with the thing wanted ("Basic + Test Plans for ann@…") is a request only when it was asked for ("I
 * need…", "can you…") or names who or how many; "Basic access price?" is a question.
 */
export const requestSeatsTrigger: TriggerRules = {
  precedence: 60,
  command: (command, { asked, namesSomeone }) => {
    const mentionsSeats = mentionsAccessLevel(command) || seatWords.test(command) || hasEmailAddress(command);
    if (/^request\b/.test(command) || (requestVerbs.test(command) && mentionsSeats)) return true;
    return startsWithSeats.test(command) && (namesSomeone || asked);
  },
  question: (cues) => cues.selfRequest && cues.hasEmail,
};
