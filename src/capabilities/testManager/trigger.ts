import type { TriggerRules } from '../../commands/recognizer.js';

const grantVerbs = /^(grant|give|assign|add|request|enable|get|provide|buy|order)\b/;

/** Before seat requests and billing: "add test manager for bob@…" must not read as a generic seat request. */
export const grantTestManagerTrigger: TriggerRules = {
  precedence: 10,
  command: (command, { asked, namesSomeone }) =>
    /\btest\s*manager\b/.test(command) && (grantVerbs.test(command) || (/^test\s*manager\b/.test(command) && (asked || namesSomeone))),
  question: (cues) => cues.selfRequest && cues.hasEmail && /test\s*manager/.test(cues.text),
};
