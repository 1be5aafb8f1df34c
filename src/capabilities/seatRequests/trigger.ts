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
/** "raj needs basic", "ann@contoso.com and raj need Basic + Test Plans": a person first, then what they need. */
const personNeeds = /^[a-z0-9._%+'@-]+(\s+and\s+[a-z0-9._%+'@-]+)*\s+(needs?|wants?|should get|requires?)\s+/;

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
    if (personNeeds.test(command) && mentionsAccessLevel(command.replace(personNeeds, ''))) return true;
    return startsWithSeats.test(command) && (namesSomeone || asked);
  },
  question: (cues) => cues.selfRequest && cues.hasEmail,
};

export const mySeatRequestsTrigger: TriggerRules = {
  precedence: 6,
  command: (command) => /^((show|list|see|check)( me)? )?(my|our) (seat |access )?requests?$/.test(command),
};

export const pendingApprovalsTrigger: TriggerRules = {
  precedence: 7,
  command: (command) =>
    /^((show|list|see|check)( me)? )?(the |my )?(pending|open|waiting) (seat )?(approvals?|requests?)$/.test(command) ||
    /^approvals?( pending| waiting)?$/.test(command),
};

export const cancelSeatRequestTrigger: TriggerRules = {
  precedence: 4,
  command: (command) => /^(cancel|withdraw|retract) (my )?(seat )?request (number |no\.? )?#?\d{1,9}$/.test(command),
};

export const approvalsHereTrigger: TriggerRules = {
  precedence: 3,
  command: (command) =>
    /^(send|post|put|route|show) (the |all |seat )*(approvals?|approval requests?|seat requests?|requests?) (here|in here|to this (channel|chat|team|conversation))\b/.test(command),
};

export const auditTrigger: TriggerRules = {
  precedence: 8,
  command: (command) => /^((show|list|see)( me)? )?(the )?(audit( log| trail)?|recent (billing )?changes)$/.test(command),
};

/** The request number in "cancel request 12" / "cancel request #12". */
export function requestNumberIn(text: string): number | undefined {
  const match = /request\s+(?:number\s+|no\.?\s*)?#?(\d{1,9})\b/i.exec(text);
  return match?.[1] ? Number.parseInt(match[1], 10) : undefined;
}
