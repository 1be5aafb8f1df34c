import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { runGrowthBench } from './growthBench.js';
import { runQaLatencyBench } from './qaLatency.js';
import { runTurnBench } from './turnBench.js';

/**
 * `npm run bench`: compiled to dist/bench/run.js and run with node. The turn bench (this bot against an echo bot on
 * the same stack), then the in-process Q&A latency. Smaller loads for a quick look:
 * `node dist/bench/run.js --conversations 10 --turns 5 --rounds 1 --cold-starts 1`. `--profile <folder>` writes a
 * CPU profile of each bot under load (open it in Chrome DevTools, or summarise it with bench/profileSummary.ts).
 * Then the growth bench (approve-invoke p99 with 100 vs `--growth-records` stored requests and audit records, on
 * lowdb and on Azure tables in Azurite; `--growth-stores lowdb` for one). `--only growth` or `--only turns` runs one part.
 */
const { values } = parseArgs({
  options: {
    conversations: { type: 'string', default: '50' },
    turns: { type: 'string', default: '20' },
    rounds: { type: 'string', default: '3' },
    'cold-starts': { type: 'string', default: '3' },
    profile: { type: 'string' },
    'growth-records': { type: 'string', default: '100000' },
    'growth-approvals': { type: 'string', default: '200' },
    only: { type: 'string' },
    'growth-stores': { type: 'string', default: 'lowdb,azure' },
  },
});

const count = (name: keyof typeof values, max: number): number => {
  const value = Number(values[name]);
  if (!Number.isInteger(value) || value < 1 || value > max) throw new Error(`--${name} must be a whole number from 1 to ${max}`);
  return value;
};

// However the run goes, the bench ends by itself: children are stopped by the turn bench, and this is the backstop.
// The growth bench loads 2 × 100,000 records into Azurite, which takes minutes on a small machine.
const limitMinutes = values.only === 'turns' ? 10 : values.only === 'growth' ? 20 : 30;
const watchdog = setTimeout(() => {
  console.error(`The bench took longer than ${limitMinutes} minutes and was stopped.`);
  process.exit(2);
}, limitMinutes * 60_000);
watchdog.unref();

if (values.only !== undefined && values.only !== 'growth' && values.only !== 'turns') throw new Error('--only must be growth or turns');
if (values.only !== 'growth') {
  await runTurnBench({
    conversations: count('conversations', 500),
    turnsEach: count('turns', 1000),
    rounds: count('rounds', 10),
    coldStarts: count('cold-starts', 10),
    profileDir: values.profile === undefined ? undefined : resolve(values.profile),
  });
  console.log('');
  await runQaLatencyBench();
}
if (values.only !== 'turns') {
  if (values.only !== 'growth') console.log('');
  const stores = values['growth-stores'].split(',').map((store) => store.trim());
  if (!stores.every((store) => store === 'lowdb' || store === 'azure')) throw new Error('--growth-stores lists lowdb and/or azure');
  await runGrowthBench({
    large: count('growth-records', 1_000_000),
    approvals: count('growth-approvals', 2_000),
    stores: stores as Array<'lowdb' | 'azure'>,
  });
}
