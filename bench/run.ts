import { runQaLatencyBench } from './qaLatency.js';

/** `npm run bench`: compiled to dist/bench/run.js and run with node. */
await runQaLatencyBench();
