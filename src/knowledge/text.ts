import { stemmer } from 'stemmer';

const numberWords = ['two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];

/**
 * Admins name the same thing many ways ("TFS", "on-prem", "Azure DevOps Server"; "seat", "licence", "user").
 * Each phrase is rewritten to one concept word before tokenizing, on indexed text and on queries alike, so an
 * article matches whichever name the person uses. Order matters: longer and more specific phrases come first
 * ("client access license" before "license", "pay-as-you-go" before "pay", "unlink" before "link"), and a few
 * rules read the concept words of earlier ones ("hasn't signin yet").
 */
const synonyms: ReadonlyArray<readonly [RegExp, string | ((match: string, ...groups: string[]) => string)]> = [
  // Other products' licences ("what does a Microsoft 365 E3 licence cost", "Copilot seats"), before their words
  // ("office", "teams", "entra", "windows server") are read as Azure DevOps concepts.
  [/\b(microsoft 365|m365|office ?365|o365|ms office|office (e[135]|suite|licen[cs]es?)|(github )?copilot|teams (premium|phone|rooms)|power ?bi( pro| premium)?|power (apps|automate|platform)|(entra( id)?|azure ad|aad) (p[12]|premium( p[12])?)|windows (server|10|11)|sql server|dynamics 365|jira|confluence|slack|salesforce|zoom)\b/g, ' otherproduct '],
  [/\b(client access licen[cs]es?|cals?)\b/g, ' cal '],
  // "Billed 3 times", "double billed": paying more than once for one person, before numbers become digits.
  [/\b(twice|double|\d+ times|(two|three|several|multiple|many) times)\b/g, ' twice '],
  // The bot's own figures, before "prices" becomes "cost": "are your prices exact", "the prices you show".
  [/\b(your (prices?|estimates?|figures|numbers)|(prices?|figures|numbers) you (show|quote|give|display)(s|ed)?)\b/g, ' estimate cost '],
  [/\b(account ?licen[cs]e ?type|licen[cs]e ?type)\b/g, ' licensetype '],
  [/\bmsdn ?licen[cs]e ?type\b/g, ' msdnlicensetype '],
  [/\blicensing ?source\b/g, ' licensingsource '],
  [/\b(authori[sz]ed|permitted|entitled|allowed|able|eligible) to\b/g, ' allowed '],
  // "Who can…" asks about a person; "users who…" does not, so only a leading "who" counts.
  [/(^\s*|[.?!;:,]\s*)who\b/g, ' askwho '],
  [/\b(user ?entitlements?|member ?entitlements?)\b/g, ' userentitlements '],
  [/\b(group ?rules?|group[- ]based (licen[cs]ing|access)|group licen[cs]ing|(entra|aad|azure ad|security) groups?)\b/g, ' grouprule '],
  // Before the server rule: "GitHub Enterprise Server" is a GitHub licence, not Azure DevOps Server.
  [/\b(github enterprise( cloud| server)?|ghe[cs]?)\b/g, ' githubenterprise '],
  [/\b(azure devops server|team foundation server|devops server|tfs|ads|on[- ]?prem(ise|ises)?|on[- ]premises|servers?)\b/g, ' adoserver '],
  [/\b(visual studio team services|visual studio online|azure devops services|azure devops|vsts|ado|devops)\b/g, ' azuredevops '],
  // Other Azure products, as in "do we have to run anything in Azure to pay": not the Azure subscription itself.
  [/\b((other )?azure (services?|resources?|workloads?|products?)|(stuff|anything|something|resources|services|workloads|vms?|apps?) (in|on) azure)\b/g, ' azureservice '],
  [/\b(just|only|purely|solely) (for|as an?) (billing|payments?)( account)?\b/g, ' billingonly '],
  [/\b(test\s*manager|ms\.vss-testmanager-web)\b/g, ' testplans testmanager '],
  [/\b(basic\s*(\+|&|and|plus|with)\s*test\s*plans?|test\s*plans?|test ?hub|testers?|qa|quality assurance)\b/g, ' testplans '],
  // "vs" is Visual Studio only before a subscription word; otherwise it is "versus".
  [/\bvs\.?(?=\s+(subscri|enterprise|ent\b|pro\b|professional|test pro|benefit|azure|credit|users?\b))/g, ' visualstudio '],
  [/\b(visual studio|msdn)\b/g, ' visualstudio '],
  [/\b(vs\.?|versus|compared (to|with)|difference between|differences between|same as)(?=\s)/g, ' versus '],
  [/\b(types?|kinds?|sorts?) of\b/g, ' type '],
  [new RegExp(String.raw`\b(small teams?|teams? of (\d+|a few|${numberWords.join('|')})|handful of users|few users|couple of users)\b`, 'g'), ' user '],
  [/\b(microsoft entra( id)?|entra id|entra|azure active directory|azure ad|aad)\b/g, ' entra '],
  [/\b(project collection admin(istrator)?s?|collection admin(istrator)?s?|pcas?|org(ani[sz]ation)? owners?)\b/g, ' pca '],
  [/\b(co-?admin(istrator)?s?)\b/g, ' owner '],
  [/\b(billing (managers?|admin(istrator)?s?|owners?|contacts?))\b/g, ' billingmanager '],
  [/\b(access ?levels?|licen[cs]e ?levels?|licen[cs]e tiers?)\b/g, ' accesslevel '],
  [/\b(azure access|access (on|to) (the |a |an |my |our )?(azure )?subscription)\b/g, ' role subscription '],
  // "Give me contributor": the person asks for a role, though the word "role" is missing.
  [/\b(give|grant|assign|add|make)( me| us| him| her| them| someone| somebody)?( as)?( an?)? (owner|contributor|reader)\b/g, (_match, verb, _who, _as, _article, role) => ` ${verb} ${role} role `],
  [/\b(roles?|rbac|permissions?|rights|privileges?|access control|iam)\b/g, ' role '],
  [/\b(pay[- ]as[- ]you[- ]go|payg)\b/g, ' payasyougo '],
  // The people who pay the bills: "finance wants the charges moved" is a billing question.
  [/\b(finance|accounting|procurement)( team| department| dept| people| folks)?\b/g, ' billing '],
  [/\b(enterprise agreements?|ea)\b/g, ' enterpriseagreement '],
  [/\b(cloud solution providers?|csp|resellers?)\b/g, ' csp '],
  [/\b(azure government|government|gov ?cloud|gov|national clouds?|sovereign clouds?|china cloud)\b/g, ' govcloud '],
  [/\b(spend(ing)? (limits?|caps?))\b/g, ' spendinglimit '],
  [/\b(ms-azr-0044p|0044p)\b/g, ' free trial '],
  [/\bvisualstudioonline\S*/g, ' resourcegroup visualstudioonline '],
  [/\b(resource ?groups?|rgs?)\b/g, ' resourcegroup '],
  // A day of the month ("added on the 15th") asks what part of a month costs.
  [/\b(pro[- ]?rat(a|e|ed|ion|ing)|daily|per day|each day|by the day|partial months?|mid[- ]month|middle of the month|(half|part|portion|fraction) (of )?(a |the )?month|halfway through (a |the )?month|(on|from|since|after|until|by) the \d{1,2}(st|nd|rd|th)( of the month)?)\b/g, ' prorate '],
  // "Do we pay the whole month" asks whether part of a month is billed as a full one.
  [/\b(whole|full|entire|complete) (calendar )?month\b/g, ' prorate month '],
  // "12k users": a head count, weighed like any number rather than as an unknown word.
  [/\b(\d+)k\b/g, ' $1000 '],
  [/\b(brand[- ]new|newly created|just created)\b/g, ' new '],
  [/\b(join(s|ed|ing)?|onboard(s|ed|ing)?)\b/g, ' add '],
  [/\b(immediate(ly)?|right away|at once|straight away|instant(ly)?|as soon as|the moment)\b/g, ' immediately '],
  [/\b(drop[- ]?downs?|pickers?|lists?|menus?|selectors?)\b/g, ' list '],
  [/\b(drop(s|ped)?|falls? back|fell back|revert(s|ed)?|downgrad(e|es|ed|ing))\b/g, ' downgrade '],
  [/\b(cover(s|ed|ing)?|includ(e|es|ed|ing)|com(e|es|ing) with|contain(s|ed)?)\b/g, ' include '],
  [new RegExp(String.raw`\b(${numberWords.join('|')})\b`, 'g'), (word) => ` ${numberWords.indexOf(word) + 2} `],
  // "The first 5 users" is the free grant.
  [/\b(first|initial) (\d+)\b/g, ' free $2 '],
  [/\b(monthly|per month|a month|each month|every month)\b/g, ' month '],
  [/\b(manual(ly)?|by hand)\b/g, ' manual '],
  [/\b(old|previous|former|leftover|left over|orphan(ed)?|remaining)\b/g, ' old '],
  // "Update" is a version only before its number ("TFS 2015 Update 2"); "does the server update levels" is not.
  [/\b(versions?|releases?|update (?=\d)|updates|service packs?)\b/g, ' version '],
  [/\b(grant(s|ed|ing)?|give(s|n)?|giving)\b/g, ' give '],
  [/\b(extra|additional)\b/g, ' extra '],
  [/\b(second|another|one more|more)\s+(?=(microsoft[- ]hosted|ms[- ]hosted|self[- ]hosted|hosted|parallel|agents?|jobs?|basic|users?|seats?|licen))/g, ' extra '],
  [/\b(parallel jobs?|concurrent (jobs?|pipelines?)|concurrency|parallelism)\b/g, ' paralleljob '],
  [/\b(build agents?|agents?)\b/g, ' agent '],
  [/\bci ?\/ ?cd\b/g, ' pipeline '],
  [/\b(self[- ]hosted|private agents?)\b/g, ' selfhosted '],
  [/\b(microsoft[- ]hosted|ms[- ]hosted|cloud[- ]hosted|hosted)\b/g, ' mshosted '],
  [/\b(mshosted|selfhosted) (agent )?jobs?\b/g, ' $1 paralleljob '],
  // Left over once hosted agents, national clouds and GitHub Enterprise Cloud are read: "the cloud org" is Services.
  [/\bcloud('s)?\b/g, ' azuredevops '],
  // Since 2025 sold as two products too; "code security" alone is too general a phrase to count.
  [/\b((github )?advanced security|ghazdo|ghas|(github )?secret protection|github code security)\b/g, ' advancedsecurity '],
  [/\b(buy(s|ing)?|bought|purchas(e|es|ed|ing))\b/g, ' buy '],
  [/\b(azure artifacts|artifacts?|package management|packages?|feeds?|nuget|npm)\b/g, ' artifacts '],
  [/\b(gib|gb|gigabytes?)\b/g, ' gib '],
  [/\b(missing|unavailable|empty|gr[ae]yed out|disappeared|absent)\b/g, ' missing '],
  [/\b(\w+n't|not|cannot)(\s+(i|we|you))?\s+(showing|shown|show|appear|appearing|visible|listed|list|there|offered|available|selectable|see|find|select|choose|pick)\b/g, ' missing '],
  [/\b(\w+n't|not)\s+(in|on)\s+(the|my|our)\b/g, ' missing '],
  // "why doesn't my subscription show up": keep the subject, mark it missing.
  [/\b\w+n't\s+((?:\w+\s+){1,3}?)(show(?:ing)?(?: up)?|appear(?:ing)?|listed)\b/g, (_match, subject) => ` ${subject} missing `],
  // "Still says Basic", "listed as Basic": what a user is shown as, as in "shows as Basic".
  [/\b(says|saying|shows|showing|displays?|displaying|(is |are )?listed as|appears as)\b/g, ' show '],
  [/\b(automatic(ally)?|auto|sync(s|ed|ing)?|synchroni[sz](e|es|ed|ing|ation)|in sync|by (itself|themselves)|on (its|their) own)\b/g, ' sync '],
  [/\b(automat(e|ed|ing|ion)|scripts?|scripted|scripting|programmatic(ally)?|terraform|bicep|arm templates?|powershell|azure cli|az cli|cli|iac|infrastructure as code)\b/g, ' automate '],
  [/\b(rest api|rest|apis?)\b/g, ' api '],
  [/\b(no charge|no cost|zero cost|free of charge|gratis|for nothing|without paying|complimentary|free)\b/g, ' free '],
  // "Do we pay anything for stakeholders", "does he cost us anything": whether it is free.
  [/\b(cost|costs|pay|paying|charged?|charging)( us| them| you| me)? (anything|something|a thing|a penny|a cent)\b/g, ' free cost '],
  [/\b(dollars?|usd|bucks|euros?|eur|gbp)\b/g, ' cost '],
  // Which subscription pays: "billed to", "charged against", "the subscription the organization bills to".
  [/\b(billed|charged|invoiced|bills|charges) (to|against)\b/g, ' billto '],
  [/\b(bill(s|ing)? (us|me|them|him|her|you))\b/g, ' cost '],
  // "What would 40 Basic users run us?", "what does that set us back": a price, not a pipeline run.
  [/\b((run|runs|running|set(s|ting)?) (us|me|them|you)( back)?)\b/g, ' cost '],
  [/\b(how much|prices?|pricing|priced|costs?|costing|fees?|charges?|charged|charging|billed|expensive|cheap(er)?|pay|pays|paying|paid|payments?|money|spend|spending)\b/g, ' cost '],
  // A licence that ends is a lapse, not a removal of billing: "his GitHub licence was removed".
  [/\b(licen[cs]es?|seats?|benefits?) (was |is |got |gets |has been |have been )?(removed|revoked|taken away|withdrawn|cancell?ed|ended|expired)\b/g, ' $1 lapse '],
  [/\blaps(e|es|ed|ing)\b/g, ' lapse '],
  [/\b(unlink(s|ing|ed)?|disconnect(s|ing|ed)?|detach(es|ing|ed)?)\b/g, ' remove unlink '],
  [/\b(remov(e|es|ed|ing|al)|turn(ing)? off|take off)\b/g, ' remove '],
  [/\b(switch(es|ing|ed)?|swap(s|ping|ped)?|replac(e|es|ed|ing)|mov(e|es|ed|ing)|migrat(e|es|ed|ing)|transfer(s|ring|red)?|chang(e|es|ed|ing))\b/g, ' change '],
  [/\b(set(ting)? ?up|setup|establish(es|ed|ing)?|configur(e|es|ed|ing)|enabl(e|es|ed|ing)|link(s|ing|ed)?|connect(s|ing|ed)?|attach(es|ing|ed)?|associat(e|es|ed|ing)|hook(ing)? up|turn(s|ed|ing)? on)\b/g, ' link '],
  // Linking the organization (a VSTS "account") to Azure is how billing is set up, even when "billing" is never said.
  [/\blink\s+(?:\S+\s+){0,3}?(?:accounts?|orgs?|organi[sz]ations?|azuredevops)\s+(?:\S+\s+){0,2}?(?:in|to|with|through|via|from|on)\s+(?:the\s+|an?\s+|our\s+|my\s+)?azure\b/g, (match) => ` ${match} billing `],
  [/\b(sign(s|ed|ing)?[- ]?(in|on|into|onto)|log(s|ged|ging)?[- ]?(in|on|into|onto)|login|logon|signin)\b/g, ' signin '],
  [/\b(haven't|hasn't|have not|has not|didn't|did not|not)\s+(yet\s+)?signin\s+yet\b/g, ' never signin '],
  [/\b(haven't|hasn't|have not|has not|didn't|did not|don't|doesn't|do not|does not|no longer)\s+(been\s+)?signin\b/g, ' inactive '],
  [/\b(inactive|unused|idle|dormant|stale|no longer|anymore|any more|left the company)\b/g, ' inactive '],
  [/\b(don't|doesn't|do not|does not|aren't|are not|haven't|hasn't|have not|has not) (use|using|used|active|open(ed|ing)?|touch(ed)?|visit(ed)?|access(ed)?)\b/g, ' inactive '],
  [/\b(reduc(e|es|ed|ing)|lower(ing)?|cut(ting)?|sav(e|es|ing|ings)|decreas(e|es|ed|ing)|minimi[sz]e|optimi[sz]e|trim|avoid(s|ed|ing)?)\b/g, ' reduce '],
  [/\b(directly|direct)\b/g, ' direct '],
  // "How can I see which subscription…" asks to look something up; "does the server see which users…" to detect.
  [/\b(how|where) (can|do|does|could|would|should) (\w+ )?(see|view|look up|find)\b/g, (_match, _how, _can, who) => ` ${who ?? ''} check `],
  [/\b(knows? (about|which|who)|(see|sees|seeing) (that|it|them|this|which|who|what|those|these|the users|users|people|seats|licen[cs]es))\b/g, ' detect '],
  [/\b(detect(s|ed|ing|ion)?|notic(e|es|ed|ing)|recogni[sz](e|es|ed|ing)|identif(y|ies|ied|ying|ication)|aware|pick(s|ed)? up)\b/g, ' detect '],
  [/\b(check(s|ed|ing)?|verify|find out|confirm|(tell|know|see) (whether|if)|status)\b/g, ' check '],
  [/\b(sufficient|adequate)\b/g, ' enough '],
  [/\b(minimum|min|oldest|earliest|lowest|at least)\b/g, ' minimum '],
  [/\b(put(s|ting)?|add(s|ed|ing)?|plac(e|es|ed|ing)|insert(s|ed|ing)?)\b/g, ' add '],
  // "All 12000", not "all 3 orgs" (several organizations, below).
  [/\ball (of )?(the |our )?\d+\b(?! (azuredevops )?(orgs?|organi[sz]ations?|subs?|subscriptions?)\b)/g, ' everyone '],
  [/\b(everyone|everybody|whole|entire|all (the |our |of the )?users?|all of them)\b/g, ' everyone '],
  [/\b(advantages?|reasons?|pros|worth it|point of)\b/g, ' why '],
  [/\b(previously|used to|in the past|legacy|old model|before (2019|assignment[- ]based billing|the change))\b/g, ' legacy '],
  [/\b(multiple|several|many|more than one|various|\d+ or more)\b/g, ' multiple '],
  [/\b(another|other|different|separate|second)\b/g, ' other '],
  [/\b(shar(e|es|ed|ing)|single)\b/g, ' same '],
  // A definition question: "what's a CAL", "TFS CAL explained".
  [/\b(what(?:'s| is| are) an?(?=\s)|explain(s|ed)?|meaning of|definition of|stands? for)\b/g, ' define '],
  [/\b(seats?|licen[cs](e|es|ed|ing))\b/g, ' seat user '],
  [/\b(users?|people|persons?|individuals?|guys?|members?|developers?|devs|engineers?|employees?|staff|folks|colleagues?|contractors?|hires?|joiners?|newcomers?)\b/g, ' user '],
  [/\b(subs?|subscriptions?)\b/g, ' subscription '],
  [/\b([2-9]|\d{2,}|a few|some|all)( of)?( our| my| the)? (azuredevops )?(orgs|organi[sz]ations)\b/g, ' multiple organization '],
  [/\b([2-9]|\d{2,}|a few|some) (subs?|subscriptions?)\b/g, ' multiple subscription '],
  [/\b(orgs?|organi[sz]ations?)\b/g, ' organization '],
  [/\b(admins?|administrators?)\b/g, ' administrator '],
];

/**
 * Words that carry no licensing meaning. Negations are dropped too: a question's polarity ("is X supported?" vs
 * "why isn't X supported?") never changes which article answers it, and titles rarely contain them.
 */
const stopwords = new Set(
  `a about above again all also am an and any are as at be because been being below between both but by can could
  did do does doing done down during each every few for from further get may might way ways exist exists tip tips
  gets getting got had has have having he her here hers him his how i i'm i've id if in into is it its it's
  itself just let lets like me more most must my myself need needs now of off on onto or our ours out over own
  please quick question really s she should so some such t tell than thank thanks that the their theirs them then
  there these they this those through to too under until up us very want wants was we we're were what what's
  whats when where which while whom will wish with within without wonder wondering would you your yours yourself
  hi hello hey only know happen happens happened okay ok regarding re ll ve d m explain kind sort thing things stuff
  somebody someone anyone something anything everything currently actually basically exactly not no don't doesn't
  didn't isn't aren't wasn't weren't can't cannot won't wouldn't shouldn't haven't hasn't mine time times call
  called named go goes going gone after one ones able use uses using used via who else before company
  companies corporate corporation run runs running`.split(/\s+/),
);

const apostrophes = /[\u2018\u2019\u02bc]/g;
/** Chat is typed fast: "cant", "doesnt" mean "can't", "doesn't", which the negation rules above expect. */
const bareContractions = /\b(can|don|doesn|isn|aren|won|didn|wasn|weren|haven|hasn|shouldn|couldn|wouldn)t\b/g;
/**
 * Addresses and links name someone or something; they never say what a question is about. Matched per
 * whitespace-separated word with anchored patterns: one unanchored pattern over the whole text retried its
 * `[^\s@]+` run from every position of a long word, which is quadratic (200k characters took 70 s).
 */
const word = /\S+/g;
const address = /^[^@]+@[^@]+\.[^@]+/;
const linkStart = /https?:\/\//;

function withoutAddressesAndLinks(text: string): string {
  return text.replace(word, (token) => {
    if (address.test(token)) return ' ';
    const link = token.search(linkStart);
    return link < 0 ? token : `${token.slice(0, link)} `;
  });
}

/** Lowercases and rewrites synonyms to concept words; the text stays readable for debugging. */
export function normalize(text: string): string {
  // Every run of whitespace (a pasted line break or tab too) becomes one space: the synonyms' phrases are spelled
  // with single spaces, and "Microsoft\n365" must read as "Microsoft 365".
  let normalized = ` ${withoutAddressesAndLinks(text.toLowerCase().replace(apostrophes, "'").replace(bareContractions, "$1't"))} `.replace(/\s+/g, ' ');
  for (const [pattern, concept] of synonyms) {
    const replaced = typeof concept === 'string' ? normalized.replace(pattern, concept) : normalized.replace(pattern, concept);
    // Single spaces again, so a later phrase ("2 subscriptions") still matches across an earlier rewrite.
    if (replaced !== normalized) normalized = replaced.replace(/\s{2,}/g, ' ');
  }
  return normalized;
}

/** Used by the index for every field and by every query, so both sides see the same terms. */
export function tokenize(text: string): string[] {
  return normalize(text)
    .split(/[^a-z0-9']+/)
    .map((token) => token.replace(/^'+|'+$/g, ''))
    .filter((token) => token.length > 0);
}

/** Drops stopwords, then stems; `null` tells minisearch to skip the term. */
export function processTerm(term: string): string | null {
  const bare = term.replace(/'s$/, '').replace(/'/g, '');
  if (bare.length === 0 || stopwords.has(term) || stopwords.has(bare)) return null;
  return stemmer(bare);
}

/**
 * Concept words (after the synonyms above) that only a question about licensing or billing uses: seats, access
 * levels, what pays and what is paid for. The index alone cannot tell these apart from other Azure DevOps words:
 * "repo", "pipeline" and "wiki" occur in the articles too, and the words every article shares ("subscription",
 * "seat") are exactly the ones inverse document frequency rates lowest.
 */
const licensingConcepts = `bill billing invoice subscription subscriber seat accesslevel stakeholder basic
  testplans testmanager githubenterprise advancedsecurity committer paralleljob gib pca billingmanager grouprule cal
  licensetype msdnlicensetype licensingsource userentitlements entitlement visualstudioonline payasyougo prorate
  spendinglimit enterpriseagreement csp sponsorship monetary prepayment quota express billto`.split(/\s+/);
/**
 * Money words: a licensing question often has one, but so has "how much does a car cost", so alone they say less
 * than the concepts above.
 */
const moneyConcepts = ['cost', 'free', 'buy', 'credit', 'trial'];

const stems = (concepts: readonly string[]): ReadonlySet<string> =>
  new Set(concepts.flatMap((concept) => processTerm(concept) ?? []));
export const licensingTerms = stems(licensingConcepts);
export const moneyTerms = stems(moneyConcepts);
/** Names of the product and its places; alone they make a question vague, not off-topic. */
export const productTerms = stems(['azure', 'azuredevops', 'adoserver', 'organization', 'microsoft']);
/** Words that name Azure DevOps Server rather than the Services organization (TFS and on-prem become `adoserver`). */
export const serverTerms = stems(['adoserver', 'cal']);
/** "seat" is emitted next to "user" for licence wording: it marks the topic, while "user" carries the meaning. */
export const topicMarkers = stems(['seat']);
/** Another product's licence was named ("Microsoft 365", "Copilot", "Power BI", "Jira"): see `otherProductTerms` use. */
export const otherProductTerms = stems(['otherproduct']);
/**
 * Words only a question about Azure DevOps itself uses. With another product named and none of these, the question
 * is about that product's licence, however much its words ("licence", "per user", "cost") match ours.
 */
export const azureDevOpsTerms = stems([
  'azuredevops', 'adoserver', 'accesslevel', 'stakeholder', 'basic', 'testplans', 'testmanager', 'paralleljob', 'pca',
  'visualstudioonline', 'userentitlements', 'grouprule', 'advancedsecurity', 'artifacts', 'organization',
]);

/** The terms a query contributes after normalization, stopwords and stemming, in order, without repeats. */
export function contentTerms(text: string): string[] {
  return termsOf(tokenize(text));
}

/** `contentTerms` for text already tokenized, so a query is normalized once for both search and confidence. */
export function termsOf(tokens: readonly string[]): string[] {
  const terms: string[] = [];
  for (const token of tokens) {
    const term = processTerm(token);
    if (term !== null && !terms.includes(term)) terms.push(term);
  }
  return terms;
}
