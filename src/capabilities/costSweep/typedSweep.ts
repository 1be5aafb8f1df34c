import { defaultInactiveDays } from '../../rules/costSweep.js';

/** "inactive 60 days", "for 60 days", "90 days": the inactivity period; `invalid` when the word before "days" is no number. */
export function inactiveDaysIn(text: string): { days: number } | { invalid: string } {
  const match = /(\S+)\s+days?\b/i.exec(text);
  if (!match?.[1]) return { days: defaultInactiveDays };
  const written = match[1];
  if (!/^\d{1,6}$/.test(written)) return { invalid: written };
  return { days: Number.parseInt(written, 10) };
}

/** "cost sweep for contoso-web inactive 60 days": the organization named after "for", "in" or "of". */
export function organizationIn(text: string): string | undefined {
  const match = /\b(?:for|in|of)\s+(?:the\s+)?(?:org(?:anization)?\s+)?([A-Za-z0-9][A-Za-z0-9-]{0,49})\b(?![@.])/i.exec(text);
  const name = match?.[1];
  if (!name || /^(\d+|our|my|the|inactive|azure|devops|users?|people|days?)$/i.test(name)) return undefined;
  return name;
}
