import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import type { Article } from '../src/knowledge/article.js';
import { articles } from '../src/knowledge/articles/index.js';
import { KnowledgeBase, type PrebuiltKnowledgeIndex } from '../src/knowledge/knowledgeBase.js';
import { articlesFingerprint, loadKnowledgeBase, writeKnowledgeIndex } from '../src/knowledgeIndexFile.js';
import { projectRoot } from '../src/paths.js';
import { capturingLogger } from './support/capturingLogger.js';
import { paraphrases } from './knowledge/paraphrases.js';
import { loadQaDev } from './knowledge/qaDevSample.js';
import { samplePhrasings } from './knowledge/samplePhrasings.js';
import { withTempDir } from './support/tempDir.js';

const questions = [
  ...loadQaDev().map((sample) => sample.question),
  ...paraphrases.map(([question]) => question),
  ...samplePhrasings.flatMap(([, phrasings]) => phrasings),
  'what is the weather tomorrow',
  'billing',
];

/**
 * As saved (JSON: a field a text lacks is null, not a hole), with the terms in one order: a loaded search index
 * lists them in another, and what each term points to is what must agree.
 */
function byTerm(index: PrebuiltKnowledgeIndex): PrebuiltKnowledgeIndex {
  const saved = JSON.parse(JSON.stringify(index)) as PrebuiltKnowledgeIndex;
  return { ...saved, search: { ...saved.search, index: saved.search.index.sort(([a], [b]) => a.localeCompare(b)) } };
}

describe('the prebuilt licensing index', () => {
  it('saved by npm run build, equals the index built now from the articles and the text processing', async () => {
    // npm test builds before it runs jest, so this is the file the compiled bot loads.
    // The fingerprints differ by design: the compiled bot hashes its compiled text processing, this test the source.
    const saved = JSON.parse(await readFile(join(projectRoot, 'dist', 'src', 'knowledge-index.json'), 'utf8')) as { index: unknown };
    expect(saved.index).toEqual(JSON.parse(JSON.stringify(new KnowledgeBase().exportIndex())));
  });

  it('loaded, answers every sample question and paraphrase exactly as a freshly built one', () =>
    withTempDir(async (dir) => {
      const file = join(dir, 'knowledge-index.json');
      await writeKnowledgeIndex(file);
      const { logger, lines } = capturingLogger();
      const { knowledge, source } = await loadKnowledgeBase({ logger, file });
      expect(source).toBe('prebuilt');
      expect(lines).toEqual([]);
      const fresh = new KnowledgeBase();
      for (const question of questions) expect([question, knowledge.answer(question)]).toEqual([question, fresh.answer(question)]);
      expect(byTerm(knowledge.exportIndex())).toEqual(byTerm(fresh.exportIndex()));
    }));

  it('is not used when an article changed after it was built: the index is built afresh, with a warning', () =>
    withTempDir(async (dir) => {
      const file = join(dir, 'knowledge-index.json');
      await writeKnowledgeIndex(file);
      const [first, ...rest] = articles as [Article, ...Article[]];
      const changed: Article[] = [{ ...first, alternatives: [...first.alternatives, 'Can a zebra crossing hold a Basic seat?'] }, ...rest];
      const { logger, entries } = capturingLogger();

      const { knowledge, source } = await loadKnowledgeBase({ logger, file, articles: changed });

      expect(source).toBe('built: prebuilt index is for other articles');
      expect(entries()).toEqual([expect.objectContaining({ level: 40, reason: 'built: prebuilt index is for other articles' })]);
      expect(knowledge.answer('Can a zebra crossing hold a Basic seat?')).toMatchObject({ kind: 'answer', article: { id: first.id } });
      expect(new KnowledgeBase(articles).answer('Can a zebra crossing hold a Basic seat?')).not.toMatchObject({ article: { id: first.id } });
    }));

  it.each([
    { file: 'absent', content: undefined, source: 'built: no prebuilt index', level: 30 },
    { file: 'not JSON', content: '{"articlesFingerprint": ', source: 'built: prebuilt index unreadable', level: 40 },
    // The right fingerprint, so the file is trusted and its broken index must be caught on load.
    { file: 'not an index', content: JSON.stringify({ articlesFingerprint: '<these articles>', index: { search: {} } }), source: 'built: prebuilt index unreadable', level: 40 },
  ])('a file that is $file: the index is built at start and the bot still answers', ({ content, source, level }) =>
    withTempDir(async (dir) => {
      const file = join(dir, 'knowledge-index.json');
      if (content !== undefined) await writeFile(file, content.replace('<these articles>', await articlesFingerprint(articles)));
      const { logger, entries } = capturingLogger();
      const loaded = await loadKnowledgeBase({ logger, file });
      expect(loaded.source).toBe(source);
      expect(entries()).toEqual([expect.objectContaining({ level, reason: source })]);
      expect(loaded.knowledge.answer('Is the Azure free trial supported for Azure DevOps billing?')).toMatchObject({ kind: 'answer' });
    }));
});
