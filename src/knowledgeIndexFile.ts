import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Article } from './knowledge/article.js';
import { articles as defaultArticles } from './knowledge/articles/index.js';
import { KnowledgeBase, type PrebuiltKnowledgeIndex } from './knowledge/knowledgeBase.js';
import type { Logger } from './logger.js';

/**
 * Building the licensing index (stemming every phrasing and answer, then indexing them) took 150 to 450 ms of every
 * start. `npm run build` builds it once with the knowledge module's own builder and saves it next to the compiled
 * code; the bot loads it in a few milliseconds. Saved with it is a fingerprint of the articles it was built from and
 * of the code that turns text into index terms (synonyms, stemming), so an index older than either is noticed and
 * built afresh instead of answering from stale text.
 */
const here = dirname(fileURLToPath(import.meta.url));
export const knowledgeIndexFile = join(here, 'knowledge-index.json');
/** Compiled (`.js`) or, under ts-jest, source (`.ts`): the same kind of file as this module. */
const indexingCode = ['text', 'knowledgeBase'].map((name) => join(here, 'knowledge', `${name}${extname(fileURLToPath(import.meta.url))}`));

interface KnowledgeIndexFile {
  articlesFingerprint: string;
  index: PrebuiltKnowledgeIndex;
}

export async function articlesFingerprint(articles: readonly Article[]): Promise<string> {
  const hash = createHash('sha256').update(JSON.stringify(articles));
  for (const code of await Promise.all(indexingCode.map((file) => readFile(file)))) hash.update(code);
  return hash.digest('hex');
}

export async function writeKnowledgeIndex(file = knowledgeIndexFile, articles: readonly Article[] = defaultArticles): Promise<void> {
  const saved: KnowledgeIndexFile = { articlesFingerprint: await articlesFingerprint(articles), index: new KnowledgeBase(articles).exportIndex() };
  await writeFile(file, JSON.stringify(saved));
}

export type KnowledgeIndexSource = 'prebuilt' | 'built: no prebuilt index' | 'built: prebuilt index is for other articles' | 'built: prebuilt index unreadable';

/** The knowledge base from the prebuilt index when it matches the articles; otherwise built here, and logged why. */
export async function loadKnowledgeBase(options: {
  logger: Logger;
  file?: string;
  articles?: readonly Article[];
}): Promise<{ knowledge: KnowledgeBase; source: KnowledgeIndexSource }> {
  const { logger, file = knowledgeIndexFile, articles = defaultArticles } = options;
  let source: KnowledgeIndexSource;
  try {
    const saved = JSON.parse(await readFile(file, 'utf8')) as Partial<KnowledgeIndexFile>;
    if (saved.articlesFingerprint === (await articlesFingerprint(articles)) && saved.index) {
      return { knowledge: new KnowledgeBase(articles, { prebuilt: saved.index }), source: 'prebuilt' };
    }
    source = 'built: prebuilt index is for other articles';
  } catch (error) {
    source = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'built: no prebuilt index' : 'built: prebuilt index unreadable';
  }
  // No file is expected when running from source (tests); a file that does not fit means a build step was skipped.
  const level = source === 'built: no prebuilt index' ? 'info' : 'warn';
  logger[level]({ file, reason: source }, 'building the licensing index at start; npm run build prebuilds it');
  return { knowledge: new KnowledgeBase(articles), source };
}
