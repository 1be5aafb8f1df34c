import MiniSearch from 'minisearch';
import type { Article } from './article.js';
import { articles as defaultArticles } from './articles/index.js';
import { contentTerms, processTerm, tokenize } from './text.js';

export interface AnswerResult {
  kind: 'answer';
  article: Article;
  /** minisearch's BM25 score; only comparable between results of the same question. */
  score: number;
  /** Share of the question's weighted content terms the article matched, 0..1 (see `coverage`). */
  confidence: number;
  /** Up to two curated follow-up articles. */
  related: Article[];
}

export interface UnsureResult {
  kind: 'unsure';
  /** The three articles nearest to the question, best first. */
  closest: Article[];
}

export type KnowledgeResult = AnswerResult | UnsureResult;

export interface KnowledgeBaseOptions {
  /** Minimum `confidence` for an answer; below it the result is `unsure`. */
  minConfidence?: number;
}

/**
 * 0.5 means the article must explain at least half of what the question is about, weighted by how specific
 * each word is. Measured on the dev sample and the paraphrase tests: real questions score 0.6–1.0 (extra words
 * are mostly stopwords or synonyms); off-topic text scores 0–0.4 because its distinctive words are unknown.
 */
const defaultMinConfidence = 0.5;
/** Questions arrive from chat; a pasted essay must not cost more than a question. */
const maxQuestionLength = 500;
/** How many top BM25 hits are re-ranked by coverage. */
const rerankDepth = 5;
/** Offered when nothing at all matches, so the "not sure" card still has somewhere to go. */
const fallbackClosest = ['set-up-billing', 'access-levels-overview', 'subscription-not-listed'];

/**
 * Each way of asking (the title, every alternative) is its own small document, and the answer is one more. A
 * question then matches the single phrasing closest to it, instead of a long concatenation where an article with
 * many loosely related alternatives would win on term frequency alone.
 */
interface IndexedText {
  id: string;
  articleId: string;
  title?: string;
  alternative?: string;
  answer?: string;
}

interface ArticleMatch {
  articleId: string;
  /**
   * The best phrasing's score plus half the answer's: the phrasing says "same question", the answer adds recall
   * for questions no phrasing anticipated but counts less, since an answer mentions many things it isn't about.
   */
  score: number;
  matchedTerms: Set<string>;
}

/**
 * Licensing Q&A over the articles: minisearch (BM25 with stemming, synonyms, prefix and fuzzy matching, titles and
 * alternatives boosted over answers), plus a confidence measure that decides between answering and saying
 * "not sure". The index is built once; `answer` only searches.
 */
export class KnowledgeBase {
  private readonly index: MiniSearch<IndexedText>;
  private readonly byId: ReadonlyMap<string, Article>;
  private readonly inverseFrequency: ReadonlyMap<string, number>;
  private readonly phrasingTerms: ReadonlyMap<string, readonly string[]>;
  private readonly unknownTermWeight: number;
  private readonly minConfidence: number;

  constructor(
    readonly articles: readonly Article[] = defaultArticles,
    options: KnowledgeBaseOptions = {},
  ) {
    this.minConfidence = options.minConfidence ?? defaultMinConfidence;
    this.byId = new Map(articles.map((article) => [article.id, article]));
    this.index = new MiniSearch<IndexedText>({
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
    });
    const texts = articles.flatMap((article): IndexedText[] => [
      { id: `${article.id}#title`, articleId: article.id, title: article.title },
      ...article.alternatives.map((alternative, i) => ({ id: `${article.id}#${i}`, articleId: article.id, alternative })),
      { id: `${article.id}#answer`, articleId: article.id, answer: article.answer },
    ]);
    this.index.addAll(texts);
    this.phrasingTerms = new Map(
      texts.flatMap((text) => {
        const phrasing = text.title ?? text.alternative;
        return phrasing === undefined ? [] : [[text.id, contentTerms(phrasing)] as const];
      }),
    );

    const documentFrequency = new Map<string, number>();
    for (const article of articles) {
      const terms = new Set(contentTerms([article.title, ...article.alternatives, article.answer].join('\n')));
      for (const term of terms) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
    }
    const idf = (frequency: number) => Math.log(1 + (articles.length - frequency + 0.5) / (frequency + 0.5));
    this.inverseFrequency = new Map([...documentFrequency].map(([term, frequency]) => [term, idf(frequency)]));
    this.unknownTermWeight = idf(0);
  }

  article(id: string): Article | undefined {
    return this.byId.get(id);
  }

  answer(question: string): KnowledgeResult {
    const text = question.slice(0, maxQuestionLength);
    const terms = contentTerms(text);
    const matches = terms.length === 0 ? [] : this.matchArticles(text);
    const ranked = matches
      .slice(0, rerankDepth)
      .map((match) => ({ match, coverage: this.coverage(terms, match.matchedTerms) }))
      .sort((a, b) => b.match.score * (0.5 + b.coverage) - a.match.score * (0.5 + a.coverage));
    const best = ranked[0];
    const article = best && this.byId.get(best.match.articleId);
    if (!best || !article || best.coverage < this.minConfidence) {
      const nearest = [...ranked.map(({ match }) => match), ...matches.slice(rerankDepth)];
      return { kind: 'unsure', closest: this.closest(nearest.map((match) => match.articleId)) };
    }
    return {
      kind: 'answer',
      article,
      score: best.match.score,
      confidence: best.coverage,
      related: (article.related ?? []).slice(0, 2).flatMap((id) => this.byId.get(id) ?? []),
    };
  }

  private matchArticles(text: string): ArticleMatch[] {
    const bestPhrasing = new Map<string, number>();
    const answerScore = new Map<string, number>();
    const matchedTerms = new Map<string, Set<string>>();
    for (const hit of this.index.search(text)) {
      const articleId = hit.articleId as string;
      const phrasing = this.phrasingTerms.get(hit.id as string);
      if (phrasing === undefined) answerScore.set(articleId, hit.score);
      else {
        const score = hit.score * (0.5 + this.coverage(phrasing, new Set(hit.terms)));
        bestPhrasing.set(articleId, Math.max(bestPhrasing.get(articleId) ?? 0, score));
      }
      const terms = matchedTerms.get(articleId) ?? new Set<string>();
      for (const term of hit.queryTerms) terms.add(term);
      matchedTerms.set(articleId, terms);
    }
    return [...matchedTerms]
      .map(([articleId, terms]) => ({
        articleId,
        score: (bestPhrasing.get(articleId) ?? 0) + 0.5 * (answerScore.get(articleId) ?? 0),
        matchedTerms: terms,
      }))
      .sort((a, b) => b.score - a.score);
  }

  /**
   * Why coverage and not the BM25 score: BM25 scores grow with query length and term rarity, so no fixed score
   * threshold separates "good match" from "nothing relevant" across questions. Coverage asks instead how much
   * of the question the article accounts for: each content term weighs its inverse document frequency (a word
   * found in every article, like "azure", says little; "stakeholder" says a lot), and a word the knowledge base
   * has never seen weighs as much as the rarest known word, because an unknown word ("pizza", "weather") is
   * exactly what an off-topic question looks like. Stopwords never count, so polite padding costs nothing.
   */
  private coverage(terms: readonly string[], matched: ReadonlySet<string>): number {
    let total = 0;
    let covered = 0;
    for (const term of terms) {
      const weight = this.inverseFrequency.get(term) ?? this.unknownTermWeight;
      total += weight;
      if (matched.has(term)) covered += weight;
    }
    return total === 0 ? 0 : covered / total;
  }

  private closest(articleIds: readonly string[]): Article[] {
    const ids = [...articleIds, ...fallbackClosest];
    return [...new Set(ids)].flatMap((id) => this.byId.get(id) ?? []).slice(0, 3);
  }
}
