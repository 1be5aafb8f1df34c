import { join } from 'node:path';
import { describeExit, isPortFree, ProcessSet, waitForHttp, type OutputLine } from './lib/processes.js';
import { playgroundArgs } from './lib/playground.js';
import { findProjectRoot } from './lib/projectRoot.js';

/**
 * `npm run dev`: the compiled bot (sandbox by default) plus the Microsoft 365 Agents Playground pointed at it.
 * Prints the address to open once both answer, streams both logs, and stops both on Ctrl-C / SIGTERM or as soon as
 * either one dies.
 *
 * Environment: PORT (bot, default 3978), PLAYGROUND_PORT (default 56150), BACKEND (default sandbox); everything
 * else (STORAGE_DIR, default .data; LOG_LEVEL; ...) goes to the bot, which also reads .env.
 */

const projectRoot = findProjectRoot(import.meta.url);
const STARTUP_TIMEOUT_MS = 60_000;
// Declared before the top-level awaits below: the log formatter runs as soon as the bot prints.
const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
// Present on every pino line, so they add nothing when reading along.
const ROUTINE_FIELDS = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'service']);

const botPort = portFromEnv('PORT', 3978);
const playgroundPort = portFromEnv('PLAYGROUND_PORT', 56150);

for (const [port, variable, owner] of [
  [botPort, 'PORT', 'the bot'],
  [playgroundPort, 'PLAYGROUND_PORT', 'the Agents Playground'],
] as const) {
  if (!(await isPortFree(port))) {
    fail(
      `Port ${port} (${owner}) is already in use: is another \`npm run dev\` or bot still running? ` +
        `Stop it (\`ss -ltnp 'sport = :${port}'\` shows who holds it) or choose another port with ${variable}=...`,
    );
  }
}

// Its guardian stops both children even if this script crashes or is killed.
const children = new ProcessSet();

const bot = children.start({
  name: 'bot',
  command: process.execPath,
  args: [join(projectRoot, 'dist', 'src', 'index.js')],
  cwd: projectRoot,
  // PORT and BACKEND are decided here (the Playground must know the port, and dev means the demo tenant unless the
  // shell says otherwise), so a value in .env does not apply to them; STORAGE_DIR is left to the bot's own
  // precedence (environment, then .env, then .data).
  env: { ...process.env, BACKEND: process.env.BACKEND ?? 'sandbox', PORT: String(botPort) },
  onLine: (line) => print('bot', formatBotLine(line)),
});

// The Playground only prints "Listening on <port>" to stdout; its activity log goes to devTools/m365agentsplayground.log.
const playground = children.start({
  name: 'Agents Playground',
  command: process.execPath,
  args: playgroundArgs(projectRoot, botPort, playgroundPort),
  cwd: projectRoot,
  env: { ...process.env, TEAMSAPPTESTER_BROWSER: 'none' },
  onLine: (line) => print('playground', line.text),
});

let stopping = false;

async function stopAll(exitCode: number, message?: string): Promise<never> {
  stopping = true;
  if (message) console.error(`\n${message}`);
  await children.stopAll();
  console.log('Stopped the bot and the Agents Playground.');
  process.exit(exitCode);
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    if (stopping) {
      // A second Ctrl-C while stopping: the user does not want to wait for in-flight turns.
      children.killAllNow();
      process.exit(1);
    }
    console.log(`\n${signal}: stopping the bot and the Agents Playground (Ctrl-C again to kill them at once)...`);
    void stopAll(0);
  });
}

for (const child of [bot, playground]) {
  void child.exited.then((status) => {
    if (stopping) return;
    const other = child === bot ? 'the Agents Playground' : 'the bot';
    void stopAll(1, `${child.name} ${describeExit(status)}; stopping ${other}. Its last output:\n${child.tail()}`);
  });
}

try {
  const [, listening] = await Promise.all([
    waitForHttp(`http://127.0.0.1:${botPort}/healthz`, { timeoutMs: STARTUP_TIMEOUT_MS, process: bot }),
    // The Playground silently moves to a random port when its port is taken, so trust what it says it bound.
    playground.waitForLine(/Listening on (\d+)/, STARTUP_TIMEOUT_MS),
  ]);
  const url = `http://127.0.0.1:${listening[1]}`;
  await waitForHttp(url, { timeoutMs: STARTUP_TIMEOUT_MS, process: playground });
  console.log(`\n  Open ${url} in your browser and type "help".  (Ctrl-C stops the bot and the Playground.)\n`);
} catch (error) {
  if (!stopping) await stopAll(1, `Could not start: ${error instanceof Error ? error.message : String(error)}`);
}

function portFromEnv(variable: string, fallback: number): number {
  const raw = process.env[variable];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) fail(`${variable}=${raw} is not a port number (1-65535).`);
  return port;
}

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

function print(source: 'bot' | 'playground', text: string): void {
  console.log(`${source.padEnd(10)} │ ${text}`);
}

/** Pino's JSON lines as "12:03:04 INFO  message {other fields}"; anything else (stderr, warnings) as is. */
function formatBotLine(line: OutputLine): string {
  let entry: unknown;
  try {
    entry = JSON.parse(line.text);
  } catch {
    return line.text;
  }
  if (typeof entry !== 'object' || entry === null || !('msg' in entry)) return line.text;
  const record = entry as Record<string, unknown>;
  const time = typeof record.time === 'number' ? new Date(record.time).toISOString().slice(11, 19) : '--:--:--';
  const level = (typeof record.level === 'number' ? LEVELS[record.level] : undefined) ?? String(record.level);
  const extra = Object.fromEntries(Object.entries(record).filter(([key]) => !ROUTINE_FIELDS.has(key)));
  const details = Object.keys(extra).length > 0 ? ` ${JSON.stringify(extra)}` : '';
  return `${time} ${level.padEnd(5)} ${String(record.msg)}${details}`;
}

