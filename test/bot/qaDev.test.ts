import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MemoryStorage } from 'botbuilder';
import { createSandboxBackend, loadSandboxSeed } from '../../src/azure/sandbox/sandboxBackend.js';
import { qaDevPath } from '../knowledge/qaDevSample.js';
import { BotHarness, type Turn } from '../support/botHarness.js';

interface DevQuestion {
  question: string;
  mustContain: string[][];
}

const devSet = JSON.parse(readFileSync(qaDevPath, 'utf8')) as { questions: DevQuestion[] };

const collapse = (text: string) => text.toLowerCase().replace(/\s+/g, ' ').trim();

/** What a reader sees as the answer: the text blocks of the bot's cards and its plain messages. */
function answerText(turn: Turn): string {
  const texts: string[] = turn.replies.map((reply) => reply.text ?? '');
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (record.type === 'TextBlock' && typeof record.text === 'string') texts.push(record.text);
      Object.values(record).forEach(visit);
    }
  };
  visit(turn.cards);
  return texts.join('\n');
}

describe('licensing questions asked through the bot (shared qa-dev sample)', () => {
  let bot: BotHarness;
  beforeAll(async () => {
    bot = await BotHarness.create({ backend: createSandboxBackend({ storage: new MemoryStorage(), seed: loadSandboxSeed() }) });
  });
  afterAll(() => bot.close());

  it('answers at least 90% with every required fact, applying the sample\'s own matching rule', async () => {
    const misses: string[] = [];
    for (const { question, mustContain } of devSet.questions) {
      const turn = await bot.say(question);
      // The sample's rule: an echo of the question proves nothing, so its text is removed first.
      const answer = collapse(answerText(turn)).split(collapse(question)).join(' ');
      const missing = mustContain.filter((alternatives) => !alternatives.some((fact) => answer.includes(fact.toLowerCase())));
      if (missing.length > 0) misses.push(`${question}\n    missing: ${missing.map((m) => m.join(' | ')).join('; ')}`);
    }
    const right = devSet.questions.length - misses.length;
    const share = right / devSet.questions.length;
    const verdict = share >= 0.9 ? 'at least 90% right' : `only ${right} of ${devSet.questions.length} right:\n${misses.join('\n')}`;
    expect(verdict).toBe('at least 90% right');
  });
});

describe('questions outside licensing and billing', () => {
  let bot: BotHarness;
  beforeAll(async () => {
    bot = await BotHarness.create({ backend: createSandboxBackend({ storage: new MemoryStorage(), seed: loadSandboxSeed() }) });
  });
  afterAll(() => bot.close());

  it.each(["what's the weather in Paris", 'how do I reset my password'])(
    'answers "%s" with what is outside and what the bot can do, never with the nearest article',
    async (question) => {
      const turn = await bot.say(question);
      expect(turn.cards).toEqual([]);
      expect(answerText(turn)).toContain("That's outside what I know");
      expect(answerText(turn)).toContain('**set up billing**');
    },
  );
});
