/**
 * What a typed message (or a card button's `command`) asks the bot to do. Pure: text in, intent out.
 *
 * The central distinction is action versus question. "set up billing for fabrikam" and "can you link a
 * subscription?" start a guided flow; "how do I set up billing?" and "can I link a subscription from another
 * tenant?" are licensing questions for the knowledge base, even though they name the same action. Actions are
 * imperatives or requests (optionally after "please", "I want to", "can you"); questions start with an
 * interrogative or end with a question mark and are not requests.
 */
export type IntentName =
  | 'help'
  | 'setUpBilling'
  | 'changeBilling'
  | 'removeBilling'
  | 'billingStatus'
  | 'requestSeats'
  | 'grantTestManager'
  | 'cancel'
  | 'greeting'
  | 'question'
  | 'unknown';

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

export interface RecognizedIntent {
  intent: IntentName;
  entities: IntentEntities;
}

type ActionIntent = Extract<
  IntentName,
  'setUpBilling' | 'changeBilling' | 'removeBilling' | 'billingStatus' | 'requestSeats' | 'grantTestManager'
>;

const interrogative = new RegExp(
  String.raw`^(how|what|what's|whats|why|when|where|who|whom|whose|which|is|isn't|are|aren't|am|was|were|do|does|` +
    String.raw`doesn't|don't|did|can|can't|could|should|would|will|won't|may|might|shall|has|have|had)\b`,
);
const greeting = new RegExp(
  String.raw`^(hi|hello|hey|hiya|howdy|yo|greetings|good (morning|afternoon|evening|day)|thanks|thank you|thx|cheers)` +
    String.raw`\b( there| bot| team| all| everyone| so much| a lot)?[\s,.!]*`,
);
const politeRequest = /^(can|could|would|will) you\s+(please\s+|kindly\s+)?/;
/** "we want 10 licenses under our EA, how do we buy them": a question tucked behind a clause. */
const embeddedQuestion = /[,;:\u2014\u2013-]\s*(how|what|what's|why|which|when|where)\b/;
/** "Can I get Basic for ann@…?" is a request when it names who for; without an email it is a question. */
const selfRequest = /^(can|could|may) (i|we)\s+(please\s+)?(get|have|request|order|buy)\b/;
const requestPrefix = new RegExp(
  String.raw`^((please|kindly|pls|plz)\s+|((i|we) )?(want|wanna|need|would like|'d like|d like)( to)?\s+|` +
    String.raw`(i'd|id|we'd) like( to)?\s+|let's\s+|lets\s+|let me\s+|help me( to)?\s+|go ahead and\s+|` +
    String.raw`(i'm|i am|we're|we are) trying to\s+)+`,
);

/** Matched against the whole message, after greetings and "please" are removed. */
const cancelPhrase =
  /^(cancel|stop|abort|quit|exit|never ?mind|nvm|forget (it|that)|start over)( it| that| this| please| everything| the request)?$/;
const helpPhrase = new RegExp(
  String.raw`^(help|help me|help please|menu|commands|options|what can you do( for me)?|what do you do|` +
    String.raw`what can i do( here| with you)?|what can you help( me)? with|what are (your|the) (commands|options)|` +
    String.raw`how (do|does) (this|you|this bot) work|show (me )?(the )?(help|commands|menu|options)|get started|usage|` +
    String.raw`who are you|what are you)$`,
);

const billingObject = String.raw`(billing|azure billing|payment|the billing subscription|(an? |the |my |our )?(azure )?(billing )?(subscription|sub))`;
const setUpPattern = new RegExp(
  String.raw`^((set ?up|setup|configure|enable|start|add|create|turn on)( up)?( the| an?| my| our)? (azure )?(billing|payment)|` +
    String.raw`(link|connect|attach|associate|hook up)\b.*\b(subscription|sub|billing)\b|` +
    String.raw`add (an? |the |my |our )?(azure )?(billing )?(subscription|sub)\b|` +
    String.raw`billing setup|new billing)`,
);
const changePattern = new RegExp(String.raw`^(change|switch|move|swap|replace|update|modify)\b.*\b${billingObject}\b`);
const removePattern = new RegExp(
  String.raw`^(remove|unlink|disconnect|detach|delete|disable|turn off|stop|cancel|end)\b.*\b${billingObject}\b`,
);
const statusPattern = new RegExp(
  String.raw`^((show|check|get|view|display|list|see|give)( me)?( the| my| our)? (current )?(billing|subscription)` +
    String.raw`( status| info| information| details| overview| settings| setup)?|` +
    String.raw`billing (status|info|information|details|overview)|status( of billing)?|my billing)\b`,
);
/**
 * Status asked as a question about one's own or a named organization ("is billing set up for fabrikam?",
 * "what's my billing status?"); the same words about organizations in general are a question for the articles.
 */
const statusQuestion = new RegExp(
  String.raw`^((what's|what is|whats) (the |my |our )?billing status|is billing (set ?up|configured|enabled|linked|active)|` +
    String.raw`(which|what) (azure )?subscription (pays|is linked|is used|bills|is billing))\b`,
);
const ownOrganization = /\b(my|our)\b/;

const levelPattern =
  /\b(basic\s*(?:\+|&|and|plus|with)\s*test\s*plans?|test\s*manager|test\s*plans?|stakeholder|basic|advanced)\b/i;
const seatWords = /\b(seats?|licen[cs]es?|access level|access)\b/;
const requestVerbs =
  /^(request|order|buy|purchase|get|give|assign|add|grant|provide|allocate|set|change|switch|move|upgrade|downgrade)\b/;
/** What is left of "I need Basic + Test Plans for ann@…" once "I need" is stripped. */
const startsWithSeats = new RegExp(
  String.raw`^((a|an|some|more|additional|extra|new|another)\s+)*` +
    String.raw`((\d+|one|two|three|four|five|ten)\b|basic|stakeholder|test\s*plans?|advanced|seats?\b|licen[cs]es?\b)`,
);
const grantVerbs = /^(grant|give|assign|add|request|enable|get|provide|buy|order)\b/;

// The lookbehind anchors a match at the start of an address: unanchored, a long run of address characters
// makes the engine retry from every position (quadratic on a pasted 10,000-character message).
const emailPattern = /(?<![A-Za-z0-9._%+'-])[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
const hasEmail = /(?<![A-Za-z0-9._%+'-])[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/;
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
  /\b(?:for|of|in|on)\s+["']?([A-Za-z0-9][A-Za-z0-9-]{0,49})["']?(?=[\s,.!?]*$|\s+(?:org|organi[sz]ation|please|now|to|with|on|using)\b)/gi,
  /\b(?:link|connect|attach|move|switch)\s+(?:org(?:anization)?\s+)?([A-Za-z0-9][A-Za-z0-9-]{0,49})\s+(?:to|with|onto)\b/gi,
];
/** "link a subscription to fabrikam": after "to", a name is an organization only in billing flows ("grant … to bob"). */
const billingTargetPattern =
  /\bto\s+(?:the\s+)?(?:org(?:anization|anisation)?\s+)?["']?([A-Za-z0-9][A-Za-z0-9-]{0,49})["']?(?=[\s,.!?]*$)/gi;
const billingIntents = new Set<IntentName>(['setUpBilling', 'changeBilling', 'removeBilling', 'billingStatus']);
/** Words that follow "for"/"in" without being an organization name. */
const notOrganization = new Set(
  `me my our us you your it this that them him her the a an all every each any some everyone someone somebody
  free now today billing subscription subscriptions sub azure devops org organization organisation tenant user
  users seat seats people team testers basic stakeholder stakeholders test advanced another other different
  month year access level levels please good real sure instance example`.split(/\s+/),
);

/** A statement without question form is still a licensing question when it names the subject ("stakeholder pricing"). */
const domainWords = new RegExp(
  String.raw`\b(bill|billing|billed|subscriptions?|subs?|licen[cs](e|es|ing)|seats?|users?|basic|stakeholders?|` +
    String.raw`test|testers?|test ?plans?|test ?manager|professional|enterprise|tfs|server|azure|devops|ado|vsts|` +
    String.raw`visual studio|msdn|vs|price|prices|pricing|cost|costs|pay|paid|paying|charged?|free|trial|tenant|entra|` +
    String.raw`aad|directory|pca|admin|administrator|owner|contributor|role|permissions?|access|level|identity|account|` +
    String.raw`log ?in|sign ?in|parallel|pipelines?|minutes|artifacts|storage|gib|gb|cal|cals|org|orgs|` +
    String.raw`organi[sz]ations?|group rules?|prorat\w*|invoice|ea|csp|spending|credit|resource group|api|rest|` +
    String.raw`accountlicensetype|license ?type|express|advanced)\b`,
);

/** No command or question is this long; the cap keeps a pasted document from costing the event loop anything. */
const maxMessageLength = 2000;

export function recognizeIntent(text: string): RecognizedIntent {
  const original = text.slice(0, maxMessageLength).replace(/[\u2018\u2019\u02bc]/g, "'").replace(/\s+/g, ' ').trim();
  let lower = original.toLowerCase();
  if (!/[a-z0-9?]/.test(lower)) return { intent: 'unknown', entities: {} };

  const afterGreeting = lower.replace(greeting, '').trim();
  if (afterGreeting.length === 0) return { intent: 'greeting', entities: {} };
  lower = afterGreeting;

  const bare = lower.replace(/[\s.!]+$/, '').replace(/^(please|pls|plz)\s+/, '');
  if (cancelPhrase.test(bare)) return { intent: 'cancel', entities: {} };
  if (bare === '?' || helpPhrase.test(bare.replace(/\?+$/, '').trim())) return { intent: 'help', entities: {} };

  const asks = interrogative.test(lower) || embeddedQuestion.test(lower);
  const action = asks ? requestInQuestion(lower, original) : actionOf(lower);
  if (action) return { intent: action, entities: entitiesOf(original, action) };
  if (asks || lower.endsWith('?') || domainWords.test(lower)) return { intent: 'question', entities: {} };
  return { intent: 'unknown', entities: {} };
}

/** A question-shaped message that is really a request: "can you remove billing?", "is billing set up for x?". */
function requestInQuestion(lower: string, original: string): ActionIntent | undefined {
  const polite = politeRequest.exec(lower);
  if (polite) return actionOf(lower.slice(polite[0].length), true);
  if (selfRequest.test(lower) && hasEmail.test(original)) {
    return /test\s*manager/.test(lower) ? 'grantTestManager' : 'requestSeats';
  }
  if (statusQuestion.test(lower) && (ownOrganization.test(lower) || entitiesOf(original).organization !== undefined)) {
    return 'billingStatus';
  }
  return undefined;
}

/**
 * The action a message asks for, if any. A message that starts with a verb ("link…", "remove…", "request…") is
 * an imperative even with a question mark. One that starts with the thing wanted ("Basic + Test Plans for ann@…",
 * "test manager for bob@…") is a request only when it was asked for ("I need…", "can you…") or names who or
 * how many; "Basic access price?" or "stakeholder licenses, any charge?" are questions.
 */
function actionOf(text: string, requested = false): ActionIntent | undefined {
  const prefix = requestPrefix.exec(text)?.[0] ?? '';
  const command = text.slice(prefix.length).replace(/[?.!]+$/, '').trim();
  const asked = requested || prefix.length > 0;
  const names = hasEmail.test(command) || countPattern.test(command);
  if (/\btest\s*manager\b/.test(command)) {
    if (grantVerbs.test(command) || (/^test\s*manager\b/.test(command) && (asked || names))) return 'grantTestManager';
  }
  if (removePattern.test(command)) return 'removeBilling';
  if (changePattern.test(command)) return 'changeBilling';
  if (setUpPattern.test(command)) return 'setUpBilling';
  if (statusPattern.test(command)) return 'billingStatus';
  const mentionsSeats = levelPattern.test(command) || seatWords.test(command) || hasEmail.test(command);
  if (/^request\b/.test(command) || (requestVerbs.test(command) && mentionsSeats)) return 'requestSeats';
  if (startsWithSeats.test(command) && (names || asked)) return 'requestSeats';
  return undefined;
}

function entitiesOf(original: string, intent?: IntentName): IntentEntities {
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
  const patterns = intent && billingIntents.has(intent) ? [...organizationPatterns, billingTargetPattern] : organizationPatterns;
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
