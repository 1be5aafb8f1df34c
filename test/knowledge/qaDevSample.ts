import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../src/paths.js';

/** The dev sample (a copy of the team's shared qa-dev.json, kept in the repo): how admins phrase questions, and the facts a right answer must contain. */
export interface QaDevQuestion {
  question: string;
  /** Every inner list is one fact; any one of its alternatives satisfies it. */
  mustContain: string[][];
}

export const qaDevPath = join(projectRoot, 'test', 'fixtures', 'qa-dev.json');

export function loadQaDev(): QaDevQuestion[] {
  return (JSON.parse(readFileSync(qaDevPath, 'utf8')) as { questions: QaDevQuestion[] }).questions;
}

const collapse = (text: string) => text.toLowerCase().replace(/\s+/g, ' ').trim();

/**
 * The sample's own matching rule: remove the question's text from the answer (an echo proves nothing), then,
 * lowercased with whitespace collapsed, the answer must contain one alternative of every fact. Returns the
 * facts that are missing.
 */
export function missingFacts(question: string, answer: string, mustContain: string[][]): string[][] {
  const text = collapse(answer).split(collapse(question)).join(' ');
  return mustContain.filter((alternatives) => !alternatives.some((alternative) => text.includes(alternative.toLowerCase())));
}
