/**
 * One licensing answer, written in the project's own words. `title` is the question it answers and doubles as the
 * text a "related question" button sends, so it must read as a question a person would type.
 */
export interface Article {
  id: string;
  title: string;
  /** Other ways people ask the same thing; indexed with the title, never shown. */
  alternatives: string[];
  /** At most 120 words, Teams markdown. Every figure comes from `prices`, never typed. */
  answer: string;
  /** One or two Microsoft Learn pages under https://learn.microsoft.com/azure/devops/. */
  sources: string[];
  related?: string[];
  /**
   * For an answer whose facts changed over time (grants, level names, billing models): the month and year of the
   * source page version it relies on. The answer states "as of" this date; prices get theirs from the footnote.
   */
  asOf?: string;
  /** The answer quotes list prices, so the card adds the dated "estimate" footnote. */
  quotesPrices?: boolean;
  /**
   * `server`: the answer is about Azure DevOps Server / TFS (CALs, server access levels), not about the Services
   * organization. Such an article answers a question that never names the server only when no Services article
   * comes close (see `KnowledgeBase`).
   */
  product?: 'server';
}
