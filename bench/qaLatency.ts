import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { KnowledgeBase } from '../src/knowledge/knowledgeBase.js';
import { projectRoot } from '../src/paths.js';
import { percentile } from './stats.js';

export interface QaLatencyOptions {
  rounds?: number;
  warmupRounds?: number;
  /** The per-question budget the p99 is compared with. */
  targetMs?: number;
  log?: (line: string) => void;
}

export interface QaLatencyReport {
  questions: number;
  samples: number;
  buildMs: number;
  p50Ms: number;
  p99Ms: number;
  targetMs: number;
}

/** The dev sample copied into the repository; `projectRoot` resolves the same from `src/` and `dist/`. */
const qaDevPath = join(projectRoot, 'test', 'fixtures', 'qa-dev.json');

/**
 * Answers every dev-sample question `rounds` times after a warm-up (so the JIT has compiled the hot path) and
 * reports per-question latency. Each question is timed on its own: a mean over a batch would hide the slow tail
 * that p99 is about. The knowledge base keeps its answers by question text, so each timed question ends with the
 * round's number (numbers weigh nothing in an answer): every answer is searched for, none is a kept one.
 */
export async function runQaLatencyBench(options: QaLatencyOptions = {}): Promise<QaLatencyReport> {
  const { rounds = 200, warmupRounds = 20, targetMs = 5, log = console.log } = options;
  const sample = JSON.parse(await readFile(qaDevPath, 'utf8')) as { questions: Array<{ question: string }> };
  const questions = sample.questions.map(({ question }) => question);

  const buildStart = performance.now();
  const knowledgeBase = new KnowledgeBase();
  const buildMs = performance.now() - buildStart;

  for (let round = 0; round < warmupRounds; round++) for (const question of questions) knowledgeBase.answer(`${question} ${round}`);

  const durations: number[] = [];
  for (let round = warmupRounds; round < warmupRounds + rounds; round++) {
    for (const question of questions) {
      const asked = `${question} ${round}`;
      const start = performance.now();
      knowledgeBase.answer(asked);
      durations.push(performance.now() - start);
    }
  }
  durations.sort((a, b) => a - b);

  const report: QaLatencyReport = {
    questions: questions.length,
    samples: durations.length,
    buildMs,
    p50Ms: percentile(durations, 0.5),
    p99Ms: percentile(durations, 0.99),
    targetMs,
  };
  log(`qa-latency questions: ${report.questions} x ${rounds} rounds = ${report.samples} answers`);
  log(`qa-latency index build: ${report.buildMs.toFixed(2)} ms`);
  log(`qa-latency p50: ${report.p50Ms.toFixed(3)} ms`);
  log(`qa-latency p99: ${report.p99Ms.toFixed(3)} ms`);
  log(`qa-latency p99/target: ${(report.p99Ms / targetMs).toFixed(3)} (target ${targetMs} ms)`);
  return report;
}
