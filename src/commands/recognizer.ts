import { entitiesOf, hasEmailAddress, mentionsCount, type IntentEntities } from './entities.js';

/**
 * What a typed message (or a card button's `command`) asks the bot to do. Pure: text in, intent out.
 *
 * The recognizer owns what every command shares (greetings, cancel, help, and the line between an action and a
 * question); each capability brings a `CommandTrigger` that knows its own phrasings. The central distinction is
 * action versus question: "set up billing for fabrikam" and "can you link a subscription?" start a guided flow;
 * "how do I set up billing?" and "can I link a subscription from another tenant?" are licensing questions, even
 * though they name the same action. Actions are imperatives or requests (optionally after "please", "I want to",
 * "can you"); questions start with an interrogative or end with a question mark and are not requests.
 */

/** Intents every bot has; capabilities add their own. */
export const builtInIntents = ['help', 'greeting', 'cancel', 'question', 'unknown'] as const;
export type BuiltInIntent = (typeof builtInIntents)[number];

export interface RecognizedIntent {
  intent: string;
  entities: IntentEntities;
}

export interface CommandCues {
  /** Introduced as a request ("please", "I need", "can you"). */
  asked: boolean;
  /** Names who or how many (an email address, "3 seats"). */
  namesSomeone: boolean;
}

export interface QuestionCues {
  /** Lower-cased, whitespace collapsed, greeting removed. */
  text: string;
  /** "can I get …", "could we have …". */
  selfRequest: boolean;
  hasEmail: boolean;
  /** "my", "our". */
  ownOrganization: boolean;
  namesOrganization(): boolean;
}

/** How one capability's command is recognized. */
export interface CommandTrigger {
  intent: string;
  /** Tried in ascending order, so a specific phrasing ("grant test manager") wins over a general one ("grant …"). */
  precedence: number;
  /** The imperative form, after "please", "I need", "can you" and final punctuation are removed. */
  command?(command: string, cues: CommandCues): boolean;
  /** A question-shaped message that is really this request ("can I get Basic for ann@…?"). */
  question?(cues: QuestionCues): boolean;
  /** "link a subscription to fabrikam": a name after "to" is an organization in this command. */
  organizationAfterTo?: boolean;
}

/** A capability's phrasings; the capability list names the intent they lead to. */
export type TriggerRules = Omit<CommandTrigger, 'intent'>;

export type Recognizer = (text: string) => RecognizedIntent;

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
const selfRequest = /^(can|could|may) (i|we)\s+(please\s+)?(get|have|request|order|buy)\b/;
const requestPrefix = new RegExp(
  String.raw`^((please|kindly|pls|plz)\s+|((i|we) )?(want|wanna|need|would like|'d like|d like)( to)?\s+|` +
    String.raw`(i'd|id|we'd) like( to)?\s+|let's\s+|lets\s+|let me\s+|help me( to)?\s+|go ahead and\s+|` +
    String.raw`(i'm|i am|we're|we are) trying to\s+)+`,
);
const ownOrganization = /\b(my|our)\b/;

/** Matched against the whole message, after greetings and "please" are removed. */
const cancelPhrase =
  /^(cancel|stop|abort|quit|exit|never ?mind|nvm|forget (it|that)|start over)( it| that| this| please| everything| the request)?$/;
const helpPhrase = new RegExp(
  String.raw`^(help|help me|help please|menu|commands|options|what can you do( for me)?|what do you do|` +
    String.raw`what can i do( here| with you)?|what can you help( me)? with|what are (your|the) (commands|options)|` +
    String.raw`how (do|does) (this|you|this bot) work|show (me )?(the )?(help|commands|menu|options)|get started|usage|` +
    String.raw`who are you|what are you)$`,
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

/** Builds the recognizer from the capabilities' triggers; two triggers may not claim one intent. */
export function createRecognizer(triggers: readonly CommandTrigger[]): Recognizer {
  const claimed = new Set<string>(builtInIntents);
  for (const trigger of triggers) {
    if (claimed.has(trigger.intent)) throw new Error(`Two commands claim the intent "${trigger.intent}"`);
    claimed.add(trigger.intent);
  }
  const ordered = [...triggers].sort((a, b) => a.precedence - b.precedence);

  const actionOf = (text: string, requested = false): CommandTrigger | undefined => {
    const prefix = requestPrefix.exec(text)?.[0] ?? '';
    const command = text.slice(prefix.length).replace(/[?.!]+$/, '').trim();
    const cues: CommandCues = {
      asked: requested || prefix.length > 0,
      namesSomeone: hasEmailAddress(command) || mentionsCount(command),
    };
    return ordered.find((trigger) => trigger.command?.(command, cues));
  };

  /** A question-shaped message that is really a request: "can you remove billing?", "is billing set up for x?". */
  const requestInQuestion = (lower: string, original: string): CommandTrigger | undefined => {
    const polite = politeRequest.exec(lower);
    if (polite) return actionOf(lower.slice(polite[0].length), true);
    const cues: QuestionCues = {
      text: lower,
      selfRequest: selfRequest.test(lower),
      hasEmail: hasEmailAddress(original),
      ownOrganization: ownOrganization.test(lower),
      namesOrganization: () => entitiesOf(original).organization !== undefined,
    };
    return ordered.find((trigger) => trigger.question?.(cues));
  };

  return (text) => {
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
    if (action) {
      return { intent: action.intent, entities: entitiesOf(original, { organizationAfterTo: action.organizationAfterTo }) };
    }
    if (asks || lower.endsWith('?') || domainWords.test(lower)) return { intent: 'question', entities: {} };
    return { intent: 'unknown', entities: {} };
  };
}
