/**
 * What a command names: people (email addresses), an access level, a count and an organization. Pure: text in,
 * values out. The recognizer and the capability triggers share these patterns.
 */
export interface IntentEntities {
  /** Organization name as typed ("for fabrikam", "of org contoso-dev", "in fabrikam", a dev.azure.com URL). */
  organization?: string;
  /** First email address in the message. */
  email?: string;
  /** Every email address in the message, in order; present when there is at least one. */
  emails?: string[];
  /** Access level exactly as typed ("Basic + Test Plans", "basic", "test manager"); `src/rules` parses it. */
  level?: string;
  /** A number of seats or users ("3 seats", "five Basic users"). */
  count?: number;
}

// The lookbehind anchors a match at the start of an address: unanchored, a long run of address characters
// makes the engine retry from every position (quadratic on a pasted 10,000-character message).
const emailPattern = /(?<![A-Za-z0-9._%+'-])[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
const hasEmail = /(?<![A-Za-z0-9._%+'-])[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/;
const levelPattern =
  /\b(basic\s*(?:\+|&|and|plus|with)\s*test\s*plans?|test\s*manager|test\s*plans?|stakeholder|basic|advanced)\b/i;
const numberWords: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, fifteen: 15, twenty: 20, thirty: 30, fifty: 50, hundred: 100,
};
const countPattern = new RegExp(
  String.raw`\b(\d{1,5}|${Object.keys(numberWords).join('|')})\s+(?:(?:more|additional|extra|new|paid)\s+)?` +
    String.raw`(?:(?:basic(?:\s*\+\s*test\s*plans?)?|stakeholders?|test\s*plans?|test\s*manager)\s*)?` +
    String.raw`(seats?|licen[cs]es?|users?|people|persons?|testers?|developers?|accounts?|basic|stakeholders?)\b`,
  'i',
);
/** Most specific first; each is tried at every position until a name survives `notOrganization`. */
const organizationPatterns = [
  /dev\.azure\.com\/([A-Za-z0-9][A-Za-z0-9-]{0,49})/gi,
  /\b([A-Za-z0-9][A-Za-z0-9-]{0,49})\.visualstudio\.com/gi,
  /\borg(?:anization|anisation)?\s*[:=]\s*["']?([A-Za-z0-9][A-Za-z0-9-]{0,49})/gi,
  /\b(?:for|of|in|on|to|from)\s+(?:the\s+)?org(?:anization|anisation)?\s+["']?([A-Za-z0-9][A-Za-z0-9-]{0,49})\b(?![@.-])/gi,
  /\b(?:for|of|in|on)\s+["']?([A-Za-z0-9][A-Za-z0-9-]{0,49})["']?(?=[\s,.!?]*$|\s+(?:org|organi[sz]ation|please|now|to|with|on|using|because|since|as|so|for)\b)/gi,
  /\b(?:link|connect|attach|move|switch)\s+(?:org(?:anization)?\s+)?([A-Za-z0-9][A-Za-z0-9-]{0,49})\s+(?:to|with|onto)\b/gi,
];
/** "link a subscription to fabrikam": after "to", a name is an organization only where a trigger says so. */
const targetPattern =
  /\bto\s+(?:the\s+)?(?:org(?:anization|anisation)?\s+)?["']?([A-Za-z0-9][A-Za-z0-9-]{0,49})["']?(?=[\s,.!?]*$)/gi;
/** Words that follow "for"/"in" without being an organization name. */
const notOrganization = new Set(
  `me my our us you your it this that them him her the a an all every each any some everyone someone somebody
  free now today billing subscription subscriptions sub azure devops org organization organisation tenant user
  users seat seats people team testers basic stakeholder stakeholders test advanced another other different
  month year access level levels please good real sure instance example`.split(/\s+/),
);

export function hasEmailAddress(text: string): boolean {
  return hasEmail.test(text);
}

export function mentionsAccessLevel(text: string): boolean {
  return levelPattern.test(text);
}

export function mentionsCount(text: string): boolean {
  return countPattern.test(text);
}

export function entitiesOf(original: string, options: { organizationAfterTo?: boolean } = {}): IntentEntities {
  const entities: IntentEntities = {};
  const emails = original.match(emailPattern) ?? [];
  if (emails.length > 0) {
    entities.emails = emails;
    entities.email = emails[0];
  }
  const level = levelPattern.exec(original);
  if (level?.[1]) entities.level = level[1].replace(/\s+/g, ' ');
  const count = countPattern.exec(original);
  if (count?.[1]) entities.count = numberWords[count[1].toLowerCase()] ?? Number.parseInt(count[1], 10);
  const patterns = options.organizationAfterTo ? [...organizationPatterns, targetPattern] : organizationPatterns;
  const organization = organizationIn(original.replace(emailPattern, ' '), patterns);
  if (organization) entities.organization = organization;
  return entities;
}

function organizationIn(text: string, patterns: readonly RegExp[]): string | undefined {
  for (const pattern of patterns) {
    for (const match of text.matchAll(pattern)) {
      const name = match[1];
      if (name && !notOrganization.has(name.toLowerCase()) && !/^\d+$/.test(name)) return name;
    }
  }
  return undefined;
}
