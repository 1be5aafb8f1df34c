import type { TriggerRules } from '../../commands/recognizer.js';

/** "cost digest", "monthly cost digest", "cost digests"; never "cost sweep", which is the interactive sweep's. */
const digest = String.raw`(the |a |an |our |my )?(monthly )?(cost|savings?|inactive users?) digests?`;

const startPattern = new RegExp(
  String.raw`^((send|post)( me| us)?|start|turn on|enable|set up|setup|schedule|subscribe( me| us)? to|sign (me |us )?up for) ${digest}\b`,
);
const stopPattern = new RegExp(
  String.raw`^(stop|end|cancel|turn off|disable|pause|unsubscribe( me| us)? from)( sending)?( me| us)? ${digest}\b`,
);
const statusPattern = new RegExp(String.raw`^((show|check|see|list|view)( me)? )?${digest}( status| settings| schedule)?$`);
/** "is the cost digest on?", "when is the next cost digest?". */
const statusQuestion = /^(is|are|when is|when's|what is|what's)\b.*\bcost digests?\b/;

/** Each names the digest outright, so they are tried before any general phrasing ("stop … billing"). */
export const startCostDigestTrigger: TriggerRules = {
  precedence: 1,
  command: (command) => startPattern.test(command),
};

export const stopCostDigestTrigger: TriggerRules = {
  precedence: 2,
  command: (command) => stopPattern.test(command),
};

export const costDigestStatusTrigger: TriggerRules = {
  precedence: 5,
  command: (command) => statusPattern.test(command),
  question: (cues) => statusQuestion.test(cues.text),
};

const daysPhrase = /\s*\b(after|inactive for|idle for|for|over|of)?\s*(more than\s+)?(\d{1,6})\s*days?\b( inactive| idle| of inactivity| without (a )?sign[- ]?in)?/i;

/** "… after 60 days", "… inactive for 45 days": the digest's inactivity period, when given. */
export function inactiveDaysIn(text: string): number | undefined {
  const match = daysPhrase.exec(text);
  return match?.[3] ? Number.parseInt(match[3], 10) : undefined;
}

/** The message without its inactivity period, so "for contoso-web after 60 days" still names the organization last. */
export function withoutInactiveDays(text: string): string {
  return text.replace(daysPhrase, '');
}
