import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { get } from 'node:http';
import { cpus, loadavg, release, tmpdir, totalmem, type } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { findFreePort, ProcessSet, type ManagedProcess } from '../scripts/lib/processes.js';
import { projectRoot } from '../src/paths.js';
import { BenchConnector } from './connector.js';
import {
  benchConversations,
  contosoWebId,
  executeTurn,
  messageTurn,
  runPhase,
  type LoadTarget,
  type PhaseResult,
  type TurnKind,
} from './turnLoad.js';

export interface TurnBenchOptions {
  conversations?: number;
  turnsEach?: number;
  rounds?: number;
  coldStarts?: number;
  /** Writes a V8 CPU profile of each bot's last start (the one under load) into this folder. */
  profileDir?: string;
  log?: (line: string) => void;
}

/** A phase as the driver saw it, plus the CPU time the bot process spent on it. */
export interface MeasuredPhase extends PhaseResult {
  cpuMsPerTurn: number;
}

export interface KindComparison {
  kind: string;
  echo: MeasuredPhase;
  bot: MeasuredPhase;
  p99Ratio: number;
  throughputRatio: number;
  cpuRatio: number;
}

export interface TurnBenchReport {
  machine: string;
  kinds: KindComparison[];
  coldStartMs: { echo: number; bot: number; ratio: number };
  /** Until the bot answers turns (its /readyz; the echo bot is ready when /healthz answers). */
  readyMs: { echo: number; bot: number; ratio: number };
  memory: { echo: ProcessMemory; bot: ProcessMemory };
}

interface ProcessMemory {
  rssAfterStart: number;
  rssAfterLoad: number;
}

/** The goals of the turn-cost work, as ratios to the echo bot measured in the same run. */
const goals = { p99Ratio: 1.5, throughputRatio: 0.7, coldStartRatio: 1.5 };

const licensingQuestion = 'Is the Azure free trial supported for billing?';
/**
 * The bot keeps its last answers by question text, so the same question again is cheap. A number at the end makes
 * every turn's text new (numbers weigh nothing in the answer), which measures a question nobody asked before.
 */
const newQuestion = (turn: number): string => `${licensingQuestion} ${turn}`;
const kinds: TurnKind[] = [
  messageTurn('help', 'help'),
  messageTurn('licensing question', licensingQuestion),
  messageTurn('new licensing question', newQuestion),
  executeTurn('Action.Execute refresh', 'billingStatus/refresh', { organizationId: contosoWebId }),
];

/** What a correct answer contains, per bot and turn kind; anything else (an error card, a 500) stops the bench. */
const expectedTexts: Record<'echo' | 'bot', Record<string, string>> = {
  echo: {
    help: 'Echo: help',
    'licensing question': `Echo: ${licensingQuestion}`,
    'new licensing question': `Echo: ${licensingQuestion}`,
    'Action.Execute refresh': 'Echo: refreshed',
  },
  bot: {
    help: 'What I can do',
    'licensing question': 'learn.microsoft.com/azure/devops',
    'new licensing question': 'learn.microsoft.com/azure/devops',
    'Action.Execute refresh': 'Billing for contoso-web',
  },
};

const entries = {
  echo: join(projectRoot, 'dist', 'bench', 'echoBot.js'),
  bot: join(projectRoot, 'dist', 'src', 'index.js'),
};
const processProbe = pathToFileURL(join(projectRoot, 'dist', 'bench', 'processProbe.js')).href;
const startTimeoutMs = 30_000;

/**
 * The echo bot (the floor of restify + CloudAdapter) and this bot, each started as `npm start` starts it, on
 * 127.0.0.1 with a local connector, under the same load, alternating phase by phase so a noisy neighbour on the
 * machine hits both alike. Prints p50/p99 and throughput per turn kind, cold start and RSS, each with its ratio
 * to the echo bot.
 */
export async function runTurnBench(options: TurnBenchOptions = {}): Promise<TurnBenchReport> {
  const { conversations = 50, turnsEach = 20, rounds = 3, coldStarts = 3, profileDir, log = console.log } = options;
  const machine = describeMachine();
  log(`turn bench on ${machine}`);
  log(`load: ${conversations} conversations x ${turnsEach} turns per phase, ${rounds} rounds, best round per figure`);

  const children = new ProcessSet();
  const connector = await BenchConnector.start();
  const storage = await mkdtemp(join(tmpdir(), 'billing-bot-bench-'));
  try {
    // Started alternately, each stopped at once except the last, which serves the load.
    const coldStart = { echo: [] as number[], bot: [] as number[] };
    const ready = { echo: [] as number[], bot: [] as number[] };
    let running: Record<'echo' | 'bot', StartedBot> | undefined;
    for (let start = 1; start <= coldStarts; start++) {
      const profile = start === coldStarts ? profileDir : undefined;
      const echo = await startBot(children, 'echo', storage, profile);
      const bot = await startBot(children, 'bot', storage, profile);
      coldStart.echo.push(echo.coldStartMs);
      coldStart.bot.push(bot.coldStartMs);
      ready.echo.push(echo.readyMs);
      ready.bot.push(bot.readyMs);
      if (start < coldStarts) {
        await echo.process.stop();
        await bot.process.stop();
      } else {
        running = { echo, bot };
      }
    }
    if (!running) throw new Error('coldStarts must be at least 1');
    const coldStartMs = { echo: Math.min(...coldStart.echo), bot: Math.min(...coldStart.bot) };
    log(`cold start to /healthz (best of ${coldStarts}): echo ${ms(coldStartMs.echo)}, bot ${ms(coldStartMs.bot)}`);
    const readyMs = { echo: Math.min(...ready.echo), bot: Math.min(...ready.bot) };
    log(`cold start until turns are answered (best of ${coldStarts}): echo ${ms(readyMs.echo)}, bot ${ms(readyMs.bot)} (/readyz)`);
    const probes = { echo: new ProcessProbe(running.echo.process), bot: new ProcessProbe(running.bot.process) };
    const rssAfterStart = { echo: (await probes.echo.read()).rss, bot: (await probes.bot.read()).rss };

    const people = benchConversations(conversations);
    const targets: Record<'echo' | 'bot', LoadTarget> = {
      echo: { name: 'echo', baseUrl: running.echo.baseUrl, expectedText: (kind) => expectedTexts.echo[kind.name] ?? '' },
      bot: { name: 'bot', baseUrl: running.bot.baseUrl, expectedText: (kind) => expectedTexts.bot[kind.name] ?? '' },
    };
    // Warm-up: the first turns of a conversation create its state, and the JIT has not compiled the hot path yet.
    for (const kind of kinds) {
      for (const side of ['echo', 'bot'] as const) await runPhase(targets[side], connector, kind, people, 3);
    }
    const results = new Map<string, Record<'echo' | 'bot', MeasuredPhase[]>>(kinds.map((kind) => [kind.name, { echo: [], bot: [] }]));
    for (let round = 1; round <= rounds; round++) {
      for (const kind of kinds) {
        for (const side of ['echo', 'bot'] as const) {
          const before = await probes[side].read();
          const phase = await runPhase(targets[side], connector, kind, people, turnsEach);
          const after = await probes[side].read();
          const result = { ...phase, cpuMsPerTurn: (after.cpuMicros - before.cpuMicros) / 1000 / phase.turnsServed };
          results.get(kind.name)?.[side].push(result);
          log(
            `  round ${round} ${side.padEnd(4)} ${kind.name.padEnd(22)} p50 ${ms(result.p50Ms)}  p99 ${ms(result.p99Ms)}  ` +
              `${result.turnsPerSecond.toFixed(0)} turns/s  CPU ${result.cpuMsPerTurn.toFixed(2)} ms/turn`,
          );
        }
      }
    }
    const rssAfterLoad = { echo: (await probes.echo.read()).rss, bot: (await probes.bot.read()).rss };

    const comparisons = kinds.map((kind): KindComparison => {
      const { echo, bot } = results.get(kind.name) ?? { echo: [], bot: [] };
      const bestEcho = best(echo);
      const bestBot = best(bot);
      return {
        kind: kind.name,
        echo: bestEcho,
        bot: bestBot,
        p99Ratio: bestBot.p99Ms / bestEcho.p99Ms,
        throughputRatio: bestBot.turnsPerSecond / bestEcho.turnsPerSecond,
        cpuRatio: bestBot.cpuMsPerTurn / bestEcho.cpuMsPerTurn,
      };
    });
    const report: TurnBenchReport = {
      machine,
      kinds: comparisons,
      coldStartMs: { ...coldStartMs, ratio: coldStartMs.bot / coldStartMs.echo },
      readyMs: { ...readyMs, ratio: readyMs.bot / readyMs.echo },
      memory: {
        echo: { rssAfterStart: rssAfterStart.echo, rssAfterLoad: rssAfterLoad.echo },
        bot: { rssAfterStart: rssAfterStart.bot, rssAfterLoad: rssAfterLoad.bot },
      },
    };
    printReport(report, log);
    return report;
  } finally {
    await children.stopAll();
    await connector.close();
    await rm(storage, { recursive: true, force: true });
  }
}

interface StartedBot {
  process: ManagedProcess;
  baseUrl: string;
  coldStartMs: number;
  readyMs: number;
}

/**
 * Starts a bot the way `npm start` does (node on the compiled entry, settings in the environment) and times it from
 * the spawn to the first 200 of /healthz. The working directory is an empty folder, so a developer's .env (which
 * could name real Azure credentials) is never read.
 */
async function startBot(children: ProcessSet, side: 'echo' | 'bot', storage: string, profileDir?: string): Promise<StartedBot> {
  const port = await findFreePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const cwd = join(storage, `${side}-cwd`);
  await mkdir(cwd, { recursive: true });
  const started = performance.now();
  const child = children.start({
    name: `${side} bot`,
    command: process.execPath,
    args: [...(profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir, '--cpu-prof-name', `${side}.cpuprofile`] : []), '--import', processProbe, entries[side]],
    cwd,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'development',
      BACKEND: 'sandbox',
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      STORAGE_DIR: join(storage, `${side}-store`),
    },
  });
  await untilHealthy(`${baseUrl}/healthz`, child);
  const coldStartMs = performance.now() - started;
  // The echo bot answers turns once it listens; this bot says when it does on /readyz.
  if (side === 'bot') await untilHealthy(`${baseUrl}/readyz`, child);
  return { process: child, baseUrl, coldStartMs, readyMs: performance.now() - started };
}

/** Polls every few milliseconds: a refused connection costs microseconds, and a coarse poll would blur the figure. */
async function untilHealthy(url: string, child: ManagedProcess): Promise<void> {
  const deadline = performance.now() + startTimeoutMs;
  while (performance.now() < deadline) {
    if (!child.running) throw new Error(`${child.name} stopped before ${url} answered. Its output:\n${child.tail()}`);
    const status = await new Promise<number>((resolve) => {
      const req = get(url, { agent: false, timeout: 2_000 }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('timeout', () => req.destroy());
      req.on('error', () => resolve(0));
    });
    if (status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`${url} did not answer 200 within ${startTimeoutMs} ms. ${child.name}'s output:\n${child.tail()}`);
}

/** Asks a bot started with processProbe.js for its memory and CPU time so far. */
class ProcessProbe {
  private answers = 0;

  constructor(private readonly child: ManagedProcess) {}

  async read(): Promise<{ rss: number; cpuMicros: number }> {
    this.answers += 1;
    process.kill(this.child.pid, 'SIGUSR2');
    const match = await this.child.waitForLine(new RegExp(`^bench-probe ${this.answers} (.*)$`), 5_000);
    return JSON.parse(match[1] ?? '{}') as { rss: number; cpuMicros: number };
  }
}

/** Best of the rounds, each figure on its own: the least disturbed measurement of what the code costs. */
function best(results: readonly MeasuredPhase[]): MeasuredPhase {
  if (results.length === 0) throw new Error('No rounds were run');
  return {
    turns: results[0]?.turns ?? 0,
    turnsServed: results[0]?.turnsServed ?? 0,
    p50Ms: Math.min(...results.map((result) => result.p50Ms)),
    p99Ms: Math.min(...results.map((result) => result.p99Ms)),
    turnsPerSecond: Math.max(...results.map((result) => result.turnsPerSecond)),
    cpuMsPerTurn: Math.min(...results.map((result) => result.cpuMsPerTurn)),
  };
}

function printReport(report: TurnBenchReport, log: (line: string) => void): void {
  const verdict = (met: boolean): string => (met ? 'goal met' : 'goal NOT met');
  log('');
  log('| turn | echo p50 | echo p99 | bot p50 | bot p99 | p99 ratio | echo turns/s | bot turns/s | throughput ratio | echo CPU/turn | bot CPU/turn | CPU ratio |');
  log('|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const { kind, echo, bot, p99Ratio, throughputRatio, cpuRatio } of report.kinds) {
    log(
      `| ${kind} | ${ms(echo.p50Ms)} | ${ms(echo.p99Ms)} | ${ms(bot.p50Ms)} | ${ms(bot.p99Ms)} | ${ratio(p99Ratio)} | ` +
        `${echo.turnsPerSecond.toFixed(0)} | ${bot.turnsPerSecond.toFixed(0)} | ${ratio(throughputRatio)} | ` +
        `${echo.cpuMsPerTurn.toFixed(2)} ms | ${bot.cpuMsPerTurn.toFixed(2)} ms | ${ratio(cpuRatio)} |`,
    );
  }
  const { coldStartMs, readyMs, memory } = report;
  log(`| cold start to /healthz | | ${ms(coldStartMs.echo)} | | ${ms(coldStartMs.bot)} | ${ratio(coldStartMs.ratio)} | | | | | | |`);
  log(`| cold start until turns are answered (/readyz) | | ${ms(readyMs.echo)} | | ${ms(readyMs.bot)} | ${ratio(readyMs.ratio)} | | | | | | |`);
  log('');
  log(`RSS after start: echo ${mib(memory.echo.rssAfterStart)}, bot ${mib(memory.bot.rssAfterStart)} (${ratio(memory.bot.rssAfterStart / memory.echo.rssAfterStart)})`);
  log(`RSS after load:  echo ${mib(memory.echo.rssAfterLoad)}, bot ${mib(memory.bot.rssAfterLoad)} (${ratio(memory.bot.rssAfterLoad / memory.echo.rssAfterLoad)})`);
  log('');
  for (const { kind, p99Ratio, throughputRatio } of report.kinds) {
    log(`${kind}: p99 ${ratio(p99Ratio)} echo (${verdict(p99Ratio <= goals.p99Ratio)}: <= ${goals.p99Ratio}x)` +
      (kind.startsWith('Action.Execute') ? '' : `, throughput ${ratio(throughputRatio)} echo (${verdict(throughputRatio >= goals.throughputRatio)}: >= ${goals.throughputRatio}x)`));
  }
  log(`cold start: ${ratio(coldStartMs.ratio)} echo (${verdict(coldStartMs.ratio <= goals.coldStartRatio)}: <= ${goals.coldStartRatio}x)`);
}

function describeMachine(): string {
  const processors = cpus();
  const [one, five] = loadavg();
  return (
    `${processors.length} x ${processors[0]?.model.trim() ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ` +
    `${type()} ${release()}, Node ${process.version}, load average ${one?.toFixed(2)} / ${five?.toFixed(2)} at start`
  );
}

function ms(value: number): string {
  return `${value.toFixed(value < 10 ? 1 : 0)} ms`;
}

function ratio(value: number): string {
  return `${value.toFixed(2)}x`;
}

function mib(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(0)} MiB`;
}
