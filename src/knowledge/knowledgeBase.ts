import MiniSearch, { type AsPlainObject, type Options as SearchIndexOptions } from 'minisearch';
import type { Article } from './article.js';
import { articles as defaultArticles } from './articles/index.js';
import {
  azureDevOpsTerms,
  contentTerms,
  licensingTerms,
  moneyTerms,
  otherProductTerms,
  processTerm,
  productTerms,
  serverTerms,
  termsOf,
  tokenize,
  topicMarkers,
} from './text.js';

export interface AnswerResult {
  kind: 'answer';
  article: Article;
  /** Ranking score; only comparable between results of the same question. */
  score: number;
  /** How much of the question the article accounts for, 0..1 (see `KnowledgeBase.confidence`). */
  confidence: number;
  /** Up to two curated follow-up articles. */
  related: readonly Article[];
}

export interface UnsureResult {
  kind: 'unsure';
  /** The three articles nearest to the question, best first. */
  closest: readonly Article[];
  /** The best match's confidence (0 when nothing matched), which fell short of the cut-off or lacked evidence. */
  confidence: number;
}

/** The question is not about Azure DevOps licensing or billing at all; no article is offered as if it were near. */
export interface OutsideResult {
  kind: 'outside';
  /** As for `UnsureResult`: kept so margins to the cut-off can be measured on every question. */
  confidence: number;
}

export type KnowledgeResult = AnswerResult | UnsureResult | OutsideResult;

export interface KnowledgeBaseOptions {
  /** Minimum confidence for an answer; below it the result is `unsure`. */
  minConfidence?: number;
  /** What `exportIndex` returned for these same articles: used instead of building the index again. */
  prebuilt?: PrebuiltKnowledgeIndex;
}

/** Everything the constructor derives from the articles by processing their text, as plain JSON. */
export interface PrebuiltKnowledgeIndex {
  search: AsPlainObject;
  phrasingTerms: Array<[textId: string, terms: string[]]>;
  inverseFrequency: Array<[term: string, weight: number]>;
}

/**
 * Measured on the dev sample, its other phrasings, the paraphrase tests and the margin probes
 * (`test/knowledge/margins.test.ts`): licensing questions score 0.55 and up, off-topic ones (other subjects, and
 * Azure DevOps how-to questions that are not about licensing) 0.35 at most. The cut-off sits in the middle of
 * that gap, so a new phrasing has room on either side.
 */
export const defaultMinConfidence = 0.45;
/**
 * Confidence weighs words by what they say about the topic, not only by rarity among the articles: the concepts
 * every licensing article shares ("subscription", "access level", "billing") are exactly the ones inverse document
 * frequency rates lowest, and any stray word ("holders", "15th") the highest. So licensing concepts weigh at least
 * `licensingConceptWeight`, money words at least `moneyWordWeight` (less: "how much does a car cost" has one too),
 * and once the article covers a licensing concept of the question, every other word weighs at most
 * `incidentalWordWeight`: the question is plainly about licensing and those words are its wording.
 */
const licensingConceptWeight = 3.5;
const moneyWordWeight = 2;
const incidentalWordWeight = 1.5;
/**
 * A question with neither a licensing concept nor a money word ("how do I create a repo?", "set up a build
 * pipeline") is not about licensing however well its words match an article: its confidence is scaled down so
 * that even a full match stays well below the cut-off.
 */
const offTopicScale = 0.35;
/**
 * A question must also match something specific, counted in inverse document frequency: "access levels" or
 * "stakeholders" alone (about 0.9 and 1.3) are enough, "azure", "billing" or "pricing" alone (0.2–0.5) are not,
 * or they would "fully" match whichever article mentions them most.
 */
const minEvidence = 0.85;
/**
 * Below this share of its weight in words the articles know at all, and without one specific known word (the
 * `minEvidence` test), a question is about something else (weather, passwords) and gets "outside what I know"
 * rather than the nearest articles. "billing" or "azure" alone stay "unsure": on topic, just too vague; so does
 * "stakeholder weather forecast", which names one licensing thing.
 */
const minDomainShare = 0.3;
/** An answer mentions many things it is not about, so its words count half, in ranking and in confidence. */
const answerWeight = 0.5;
/** Questions arrive from chat; a pasted essay must not cost more than a question. */
const maxQuestionLength = 500;
/**
 * Answers kept per question text. The same texts come back all the time: the help card's and the "not sure" card's
 * question buttons send fixed texts, and admins ask "how much is Basic?" again and again. The articles never change
 * while the bot runs, so a kept answer is the answer; a search is half of a licensing turn's CPU.
 */
const rememberedAnswers = 1_000;
/**
 * Search results kept per query term. An OR query's ranking is the sum of its terms' scores times the number of its
 * terms a text matched (minisearch's own rule), and each term's scores depend on the index alone, so a question made
 * of words asked before is ranked from kept per-term results: a fifth of a search's time. Bounded, as each entry
 * holds the texts its term matched (a few hundred at most).
 */
const rememberedTerms = 1_000;
/** How many top hits are re-ranked by confidence. */
const rerankDepth = 5;
/**
 * Most admins run Azure DevOps Services, and a question about "users", "free" or "monthly" that never names the
 * server (or TFS, on-prem, CALs) is about the organization. Server articles use the same words ("pay monthly for
 * users", "free Basic users"), so without a prior they won on word overlap alone. Scaled by this, a server
 * article still answers when no Services article matches at all.
 */
const serverPriorWithoutServerWords = 0.5;
/** Offered when nothing at all matches, so the "not sure" card still has somewhere to go. */
const fallbackClosest = ['set-up-billing', 'access-levels-overview', 'subscription-not-listed'];

/**
 * Each way of asking (the title, every alternative) is its own small document, and the answer is one more. A
 * question then matches the single phrasing closest to it, instead of a long concatenation where an article with
 * many loosely related alternatives would win on term frequency alone.
 */
export interface IndexedText {
  id: string;
  articleId: string;
  title?: string;
  alternative?: string;
  answer?: string;
}

/** One indexed text's result for one query term. */
export interface TermHit {
  id: string;
  articleId: string;
  score: number;
  /** The text's words that matched (the term itself, or through prefix or fuzzy matching). */
  terms: readonly string[];
}

/** One indexed text's result for a whole question, as minisearch would rank it. */
export interface RankedText {
  id: string;
  articleId: string;
  score: number;
  terms: string[];
  queryTerms: string[];
}

interface ArticleMatch {
  articleId: string;
  /** Score of the phrasing closest to the question, both ways (see `matchArticles`). */
  phrasingScore: number;
  answerScore: number;
  /** Phrasing and answer scores combined, with the product prior (`serverPriorWithoutServerWords`). */
  score: number;
  /**
   * What each query term earns (see `credit`): found in a title or an alternative, found in the answer, or matched
   * only a different word one typo away ("delet" ≈ "deleg"); the best of these when several hold.
   */
  credits: Map<string, number>;
}

/**
 * Licensing Q&A over the articles: minisearch (BM25 with stemming, synonyms, prefix and fuzzy matching, titles and
 * alternatives boosted over answers), plus a confidence measure that decides between answering and saying
 * "not sure". The index is built once in the constructor; `answer` only searches.
 */
export class KnowledgeBase {
  private readonly index: MiniSearch<IndexedText>;
  private readonly byId: ReadonlyMap<string, Article>;
  /** Each phrasing's content terms, with their weights and the sum worked out once: every hit on a phrasing needs them. */
  private readonly phrasingWeights = new Map<string, { terms: readonly string[]; weights: readonly number[]; total: number }>();
  private readonly inverseFrequency: ReadonlyMap<string, number>;
  private readonly unknownTermWeight: number;
  private readonly minConfidence: number;
  /** Most recently asked last, so the oldest question is the first key. */
  private readonly answered = new Map<string, KnowledgeResult>();
  /** Most recently used last, like `answered`. */
  private readonly termHits = new Map<string, readonly TermHit[]>();

  constructor(articles: readonly Article[] = defaultArticles, options: KnowledgeBaseOptions = {}) {
    this.minConfidence = options.minConfidence ?? defaultMinConfidence;
    this.byId = new Map(articles.map((article) => [article.id, article]));

    let phrasingTerms: Iterable<readonly [string, readonly string[]]>;
    if (options.prebuilt) {
      this.index = MiniSearch.loadJS<IndexedText>(options.prebuilt.search, searchIndexOptions);
      phrasingTerms = options.prebuilt.phrasingTerms;
      this.inverseFrequency = new Map(options.prebuilt.inverseFrequency);
    } else {
      const texts = articles.flatMap((article): IndexedText[] => [
        { id: `${article.id}#title`, articleId: article.id, title: article.title },
        ...article.alternatives.map((alternative, i) => ({
          id: `${article.id}#${i}`,
          articleId: article.id,
          alternative,
        })),
        { id: `${article.id}#answer`, articleId: article.id, answer: article.answer },
      ]);
      this.index = new MiniSearch<IndexedText>(searchIndexOptions);
      this.index.addAll(texts);
      phrasingTerms = texts.flatMap((text) => {
        const phrasing = text.title ?? text.alternative;
        return phrasing === undefined ? [] : [[text.id, contentTerms(phrasing)] as const];
      });

      const documentFrequency = new Map<string, number>();
      for (const article of articles) {
        for (const term of new Set(contentTerms([article.title, ...article.alternatives, article.answer].join('\n')))) {
          documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
        }
      }
      this.inverseFrequency = new Map([...documentFrequency].map(([term, frequency]) => [term, idf(articles.length, frequency)]));
    }
    this.unknownTermWeight = idf(articles.length, 0);
    for (const [id, terms] of phrasingTerms) {
      const weights = terms.map((term) => this.weight(term));
      this.phrasingWeights.set(id, { terms, weights, total: weights.reduce((sum, weight) => sum + weight, 0) });
    }
  }

  /** The processed index, for `npm run build` to save and a later start to load (`KnowledgeBaseOptions.prebuilt`). */
  exportIndex(): PrebuiltKnowledgeIndex {
    return {
      search: this.index.toJSON(),
      phrasingTerms: [...this.phrasingWeights].map(([id, { terms }]) => [id, [...terms]]),
      inverseFrequency: [...this.inverseFrequency],
    };
  }

  answer(question: string): KnowledgeResult {
    const asked = question.slice(0, maxQuestionLength);
    const known = this.answered.get(asked);
    if (known) {
      this.answered.delete(asked);
      this.answered.set(asked, known);
      return known;
    }
    const result = frozen(this.search(asked));
    this.answered.set(asked, result);
    if (this.answered.size > rememberedAnswers) this.answered.delete(this.answered.keys().next().value as string);
    return result;
  }

  private search(question: string): KnowledgeResult {
    const tokens = tokenize(question);
    const terms = termsOf(tokens);
    const matches = terms.length === 0 ? [] : this.matchArticles(tokens, terms);
    // Among near ties on score, the article that explains more of the question wins.
    const ranked = matches
      .slice(0, rerankDepth)
      .map((match) => ({ match, score: match.score, coverage: this.coverage(terms, match) }))
      .sort((a, b) => b.score * (0.5 + b.coverage) - a.score * (0.5 + a.coverage));
    const best = ranked[0];
    const article = best && this.byId.get(best.match.articleId);
    const confidence = best ? this.confidence(terms, best.match) : 0;
    if (isOtherProductsLicence(terms)) return { kind: 'outside', confidence };
    if (!best || !article || confidence < this.minConfidence || this.evidence(terms, best.match) < minEvidence) {
      if (terms.length > 0 && (this.isUnknownSubject(terms) || isOtherAzureDevOpsSubject(terms))) {
        return { kind: 'outside', confidence };
      }
      return { kind: 'unsure', closest: this.closest(matches.map((match) => match.articleId)), confidence };
    }
    return {
      kind: 'answer',
      article,
      score: best.score,
      confidence,
      related: (article.related ?? []).slice(0, 2).flatMap((id) => this.byId.get(id) ?? []),
    };
  }

  /**
   * Groups hits by article. A phrasing's BM25 score is scaled by how much of the phrasing the question covers,
   * so "link multiple orgs to one subscription" stops outranking "link a subscription to an org" for a question
   * that never mentions several organizations: BM25 alone only looks at the question's side.
   */
  private matchArticles(tokens: readonly string[], terms: readonly string[]): ArticleMatch[] {
    const matches = new Map<string, ArticleMatch>();
    // The question is normalized once: the index is handed its tokens instead of normalizing the text again.
    for (const hit of rankedTexts(tokens, (term, token) => this.hitsOf(term, token))) {
      const { articleId } = hit;
      let match = matches.get(articleId);
      if (!match) {
        match = {
          articleId,
          phrasingScore: 0,
          answerScore: 0,
          score: 0,
          credits: new Map(),
        };
        matches.set(articleId, match);
      }
      const phrasing = this.phrasingWeights.get(hit.id);
      if (phrasing === undefined) match.answerScore = hit.score;
      else match.phrasingScore = Math.max(match.phrasingScore, hit.score * (0.5 + coveredShare(phrasing, hit.terms)));
      const found = phrasing === undefined ? answerWeight : 1;
      for (const term of hit.queryTerms) {
        const earned = matchedAsIs(term, hit.terms) ? found : fuzzyWeight;
        if (earned > (match.credits.get(term) ?? 0)) match.credits.set(term, earned);
      }
    }
    const namesServer = terms.some((term) => serverTerms.has(term));
    for (const match of matches.values()) {
      const prior = !namesServer && this.byId.get(match.articleId)?.product === 'server' ? serverPriorWithoutServerWords : 1;
      match.score = (match.phrasingScore + answerWeight * match.answerScore) * prior;
    }
    return [...matches.values()].sort((a, b) => b.score - a.score);
  }

  /** `token`'s hits (it processes to `term`), kept per term: the search depends on the processed term alone. */
  private hitsOf(term: string, token: string): readonly TermHit[] {
    const kept = this.termHits.get(term);
    if (kept) {
      this.termHits.delete(term);
      this.termHits.set(term, kept);
      return kept;
    }
    const hits = this.index
      .search(token, { tokenize: () => [token] })
      .map((hit): TermHit => ({ id: hit.id as string, articleId: hit.articleId as string, score: hit.score, terms: hit.terms }));
    this.termHits.set(term, hits);
    if (this.termHits.size > rememberedTerms) this.termHits.delete(this.termHits.keys().next().value as string);
    return hits;
  }

  /**
   * Why coverage and not the BM25 score: BM25 grows with question length and term rarity, so no fixed score
   * separates "good match" from "nothing relevant" across questions. Coverage asks how much of the question
   * the article accounts for. Each content term weighs its inverse document frequency (a word found in most
   * articles, like "azure", says little; "stakeholder" says a lot), and a word the knowledge base has never seen
   * weighs as much as the rarest known word, because unknown words ("pizza", "weather") are what an off-topic
   * question is made of. Stopwords never count, so polite padding costs nothing. A term found only in the answer
   * earns half credit: answers mention things they are not about.
   */
  private coverage(terms: readonly string[], match: ArticleMatch): number {
    return this.weightedShare(terms, (term) => credit(term, match));
  }

  /**
   * Coverage again, with the topical weights of `topicalWeight`: ranking needs to tell articles apart (inverse
   * document frequency), the answer-or-not decision needs to tell licensing questions from others.
   */
  private confidence(terms: readonly string[], match: ArticleMatch): number {
    const coversConcept = terms.some((term) => licensingTerms.has(term) && credit(term, match) > 0);
    const coverage = this.weightedShare(
      terms,
      (term) => credit(term, match),
      (term) => this.topicalWeight(term, coversConcept),
    );
    return isAboutLicensing(terms) ? coverage : coverage * offTopicScale;
  }

  private topicalWeight(term: string, coversConcept: boolean): number {
    if (topicMarkers.has(term)) return 0;
    const weight = this.weight(term);
    if (licensingTerms.has(term)) return Math.max(weight, licensingConceptWeight);
    if (moneyTerms.has(term)) return Math.max(weight, moneyWordWeight);
    return coversConcept ? Math.min(weight, incidentalWordWeight) : weight;
  }

  /** Numbers don't count as evidence: "2" matching "2 GiB" says nothing about what "what's 2+2" asks. */
  private evidence(terms: readonly string[], match: ArticleMatch): number {
    return terms
      .filter((term) => !/^\d+$/.test(term))
      .reduce((sum, term) => sum + this.weight(term) * credit(term, match), 0);
  }

  /** Mostly words no article uses, and none of them specific (weather, passwords). */
  private isUnknownSubject(terms: readonly string[]): boolean {
    return this.domainShare(terms) < minDomainShare && this.knownEvidence(terms) < minEvidence;
  }

  /** How much of the question, by weight, is made of words some article uses. */
  private domainShare(terms: readonly string[]): number {
    return this.weightedShare(terms, (term) => (this.inverseFrequency.has(term) ? 1 : 0));
  }

  /** The weight of the question's words that some article uses, numbers aside (see `evidence`). */
  private knownEvidence(terms: readonly string[]): number {
    return terms
      .filter((term) => !/^\d+$/.test(term) && this.inverseFrequency.has(term))
      .reduce((sum, term) => sum + this.weight(term), 0);
  }

  private weightedShare(
    terms: readonly string[],
    credited: (term: string) => number,
    weightOf: (term: string) => number = (term) => this.weight(term),
  ): number {
    let total = 0;
    let covered = 0;
    for (const term of terms) {
      const weight = weightOf(term);
      total += weight;
      covered += weight * credited(term);
    }
    return total === 0 ? 0 : covered / total;
  }

  /** An unknown number ("5000 people") is incidental detail, not a topic: it weighs nothing. */
  private weight(term: string): number {
    return this.inverseFrequency.get(term) ?? (/^\d+(st|nd|rd|th)?$/.test(term) ? 0 : this.unknownTermWeight);
  }

  private closest(articleIds: readonly string[]): Article[] {
    return [...new Set([...articleIds, ...fallbackClosest])].flatMap((id) => this.byId.get(id) ?? []).slice(0, 3);
  }
}

/** Names another product's licence and nothing of Azure DevOps: "How much does a Microsoft 365 E3 licence cost?". */
function isOtherProductsLicence(terms: readonly string[]): boolean {
  return terms.some((term) => otherProductTerms.has(term)) && !terms.some((term) => azureDevOpsTerms.has(term));
}

function isAboutLicensing(terms: readonly string[]): boolean {
  return terms.some((term) => licensingTerms.has(term) || moneyTerms.has(term));
}

/**
 * Names something besides the product ("create a repo in Azure DevOps", "set up a build pipeline") and nothing
 * about licensing or money: a question about Azure DevOps, not about paying for it. "azure" alone is only vague.
 */
function isOtherAzureDevOpsSubject(terms: readonly string[]): boolean {
  return !isAboutLicensing(terms) && terms.some((term) => !productTerms.has(term));
}

/**
 * minisearch's OR search of a question, from each term's own results: a text's score is the sum of its terms'
 * scores times the number of distinct query terms it matched, best first. Texts with exactly equal scores come in
 * first-seen order, which may differ from minisearch's own internal order (a review built two texts that tie); no
 * question of the knowledge tests has such a tie. `hitsOf` gets each processed term with the token it came from.
 */
export function rankedTexts(tokens: readonly string[], hitsOf: (term: string, token: string) => readonly TermHit[]): RankedText[] {
  const texts = new Map<string, RankedText>();
  for (const token of tokens) {
    const term = processTerm(token);
    if (term === null) continue;
    for (const hit of hitsOf(term, token)) {
      let text = texts.get(hit.id);
      if (!text) {
        text = { id: hit.id, articleId: hit.articleId, score: 0, terms: [], queryTerms: [] };
        texts.set(hit.id, text);
      }
      text.score += hit.score;
      for (const matched of hit.terms) if (!text.terms.includes(matched)) text.terms.push(matched);
      if (!text.queryTerms.includes(term)) text.queryTerms.push(term);
    }
  }
  const ranked = [...texts.values()];
  for (const text of ranked) text.score *= text.queryTerms.length;
  return ranked.sort((a, b) => b.score - a.score);
}

/** Exported so a test can hold `rankedTexts` against minisearch's own search of the same index. */
export const searchIndexOptions: SearchIndexOptions<IndexedText> = {
  fields: ['title', 'alternative', 'answer'],
  storeFields: ['articleId'],
  tokenize,
  processTerm,
  searchOptions: {
    boost: { title: 3, alternative: 2.5, answer: 1 },
    // Short terms are too often a prefix of, or one typo away from, an unrelated word.
    prefix: (term) => term.length >= 4,
    fuzzy: (term) => (term.length >= 5 ? 0.2 : false),
    weights: { fuzzy: 0.4, prefix: 0.6 },
    combineWith: 'OR',
  },
};

/** A kept answer is handed to every later asker, so none of them can change it for the others. */
function frozen(result: KnowledgeResult): KnowledgeResult {
  if (result.kind === 'answer') Object.freeze(result.related);
  if (result.kind === 'unsure') Object.freeze(result.closest);
  return Object.freeze(result);
}

function idf(articleCount: number, frequency: number): number {
  return Math.log(1 + (articleCount - frequency + 0.5) / (frequency + 0.5));
}

/** `weightedShare` of a phrasing's terms found among `matched`, from its precomputed weights (same sums, same order). */
function coveredShare(phrasing: { terms: readonly string[]; weights: readonly number[]; total: number }, matched: readonly string[]): number {
  let covered = 0;
  phrasing.terms.forEach((term, i) => {
    if (matched.includes(term)) covered += phrasing.weights[i] ?? 0;
  });
  return phrasing.total === 0 ? 0 : covered / phrasing.total;
}

/** A typo-tolerant match helps ranking but is weak evidence of meaning, so it earns little confidence. */
const fuzzyWeight = 0.3;

/** A term found in a phrasing earns 1, in the answer `answerWeight`, only through a typo `fuzzyWeight`. */
function credit(term: string, match: ArticleMatch): number {
  return match.credits.get(term) ?? 0;
}

/**
 * Whether a query term was found as such in a text (or as the start of a longer word: a prefix match), rather than
 * only through fuzzy matching.
 */
function matchedAsIs(term: string, documentTerms: readonly string[]): boolean {
  return documentTerms.some((word) => word === term || word.startsWith(term));
}
