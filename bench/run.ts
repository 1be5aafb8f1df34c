import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { runQaLatencyBench } from './qaLatency.js';
import { runTurnBench } from './turnBench.js';

/**
 * `npm run bench`: compiled to dist/bench/run.js and run with node. The turn bench (this bot against an echo bot on
 * the same stack), then the in-process Q&A latency. Smaller loads for a quick look:
 * `node dist/bench/run.js --conversations 10 --turns 5 --rounds 1 --cold-starts 1`. `--profile <folder>` writes a
 * CPU profile of each bot under load (open it in Chrome DevTools, or summarise it with bench/profileSummary.ts).
 */
const { values } = parseArgs({
  options: {
    conversations: { type: 'string', default: '50' },
    turns: { type: 'string', default: '20' },
    rounds: { type: 'string', default: '3' },
    'cold-starts': { type: 'string', default: '3' },
    profile: { type: 'string' },
  },
});

const count = (name: keyof typeof values, max: number): number => {
  const value = Number(values[name]);
  if (!Number.isInteger(value) || value < 1 || value > max) throw new Error(`--${name} must be a whole number from 1 to ${max}`);
  return value;
};

// However the run goes, the bench ends by itself: children are stopped by the turn bench, and this is the backstop.
const watchdog = setTimeout(() => {
  console.error('The bench took longer than 10 minutes and was stopped.');
  process.exit(2);
}, 10 * 60_000);
watchdog.unref();

await runTurnBench({
  conversations: count('conversations', 500),
  turnsEach: count('turns', 1000),
  rounds: count('rounds', 10),
  coldStarts: count('cold-starts', 10),
  profileDir: values.profile === undefined ? undefined : resolve(values.profile),
});
console.log('');
await runQaLatencyBench();
