import type { TriggerRules } from '../../commands/recognizer.js';

const grantVerbs = /^(grant|give|assign|add|request|enable|get|provide|buy|order)\b/;
/** "bob needs Test Plans", "ann@contoso.com and raj need test manager": a person, then just Test Plans. */
const personNeedsTestPlans = /^[a-z0-9._%+'@-]+(\s+and\s+[a-z0-9._%+'@-]+)*\s+(needs?|wants?|should get|requires?)\s+(azure\s+)?test\s*(plans?|manager)$/;

/** Before seat requests and billing: "add test manager for bob@…" must not read as a generic seat request. */
export const grantTestManagerTrigger: TriggerRules = {
  precedence: 10,
  command: (command, { asked, namesSomeone }) =>
    personNeedsTestPlans.test(command) ||
    (/\btest\s*manager\b/.test(command) && (grantVerbs.test(command) || (/^test\s*manager\b/.test(command) && (asked || namesSomeone)))),
  question: (cues) => cues.selfRequest && cues.hasEmail && /test\s*manager/.test(cues.text),
};
