import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';

/**
 * Child processes for `npm run dev` and the browser end-to-end tests: each child gets its own process group, so
 * stopping it also stops whatever it spawned, and a guardian process kills every group still running however this
 * process ends (a crash, Ctrl-C, a failed or killed test run).
 */

export type OutputStream = 'stdout' | 'stderr';

export interface OutputLine {
  stream: OutputStream;
  text: string;
}

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ProcessSpec {
  /** How messages and errors name the child. */
  name: string;
  command: string;
  args?: readonly string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Sees every complete output line as it arrives (to stream it); lines are captured either way. */
  onLine?: (line: OutputLine) => void;
}

// A dev session can run for days; the captured output only serves error messages and test logs.
const MAX_CAPTURED_LINES = 20_000;

/** One child in its own process group; created through `ProcessSet.start`. */
export class ManagedProcess {
  readonly name: string;
  readonly pid: number;
  /** Settles when the child itself has exited (its group may outlive it; `stop` takes care of that). */
  readonly exited: Promise<ExitStatus>;
  private readonly lines: OutputLine[] = [];
  private readonly lineWatchers = new Set<(line: OutputLine) => void>();
  private status: ExitStatus | undefined;

  constructor(
    spec: ProcessSpec,
    private readonly guardian: Guardian,
  ) {
    this.name = spec.name;
    // detached = setsid(): the child leads a new process group whose id is its pid, and a Ctrl-C in the terminal
    // reaches only this process, which then stops the children in order instead of all at once.
    const child = spawn(spec.command, spec.args ?? [], {
      cwd: spec.cwd,
      env: spec.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // Also reported for a command that cannot be run, after the check below has already thrown; without a
    // listener it would crash this process.
    child.on('error', (error) => this.record({ stream: 'stderr', text: `[${spec.name}] ${error.message}` }, spec.onLine));
    if (child.pid === undefined) throw new Error(`Could not start ${spec.name}: ${spec.command} is missing or not executable`);
    this.pid = child.pid;
    guardian.watch(this.pid);

    const collect = (source: NodeJS.ReadableStream, stream: OutputStream): void => {
      let partial = '';
      const emit = (text: string): void => this.record({ stream, text: text.replace(/\r$/, '') }, spec.onLine);
      source.on('data', (chunk: Buffer) => {
        const parts = (partial + chunk.toString('utf8')).split('\n');
        partial = parts.pop() ?? '';
        for (const text of parts) emit(text);
      });
      // A crash message often lacks the final newline.
      source.on('end', () => partial && emit(partial));
    };
    collect(child.stdout, 'stdout');
    collect(child.stderr, 'stderr');

    this.exited = new Promise((resolve) => {
      // 'close' (not 'exit') so the last lines of output are captured before anyone reads them.
      child.on('close', (code, signal) => {
        this.status = { code, signal };
        resolve(this.status);
      });
    });
  }

  get running(): boolean {
    return this.status === undefined;
  }

  /** Captured output, oldest first; stdout and stderr interleaved as they arrived. */
  output(stream?: OutputStream): string {
    return this.lines
      .filter((line) => stream === undefined || line.stream === stream)
      .map((line) => line.text)
      .join('\n');
  }

  /** The last lines of output, for an error message that says why a child failed. */
  tail(count = 20): string {
    return this.lines
      .slice(-count)
      .map((line) => `  ${line.text}`)
      .join('\n');
  }

  /** Resolves with the first line (already printed or still to come) that matches; rejects if the child exits first. */
  waitForLine(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
    for (const line of this.lines) {
      const match = line.text.match(pattern);
      if (match) return Promise.resolve(match);
    }
    return new Promise((resolve, reject) => {
      const done = (): void => {
        clearTimeout(timer);
        this.lineWatchers.delete(watch);
      };
      const watch = (line: OutputLine): void => {
        const match = line.text.match(pattern);
        if (!match) return;
        done();
        resolve(match);
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`${this.name} printed nothing matching ${pattern} within ${timeoutMs} ms. Its output:\n${this.tail()}`));
      }, timeoutMs);
      this.lineWatchers.add(watch);
      void this.exited.then((status) => {
        if (!this.lineWatchers.has(watch)) return;
        done();
        reject(new Error(`${this.name} ${describeExit(status)} before printing ${pattern}. Its output:\n${this.tail()}`));
      });
    });
  }

  /**
   * SIGTERM to the whole group, SIGKILL if it has not exited after `graceMs`, and finally SIGKILL to anything the
   * child left behind in its group. Safe to call more than once.
   */
  async stop(graceMs = 5_000): Promise<ExitStatus> {
    if (this.running) {
      signalGroup(this.pid, 'SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const inTime = await Promise.race([
        this.exited.then(() => true),
        new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), graceMs))),
      ]);
      clearTimeout(timer);
      if (!inTime) signalGroup(this.pid, 'SIGKILL');
    }
    const status = await this.exited;
    if (groupAlive(this.pid)) {
      signalGroup(this.pid, 'SIGKILL');
      // Delivery is asynchronous: wait until the kernel has really ended them, so callers may check right away.
      for (let waited = 0; groupAlive(this.pid) && waited < graceMs; waited += 20) await delay(20);
    }
    if (!groupAlive(this.pid)) this.guardian.forget(this.pid);
    return status;
  }

  /** For when waiting is not wanted (a second Ctrl-C). */
  killNow(): void {
    // Once the child and its group are gone the pid may be reused: never signal a stranger's group.
    if (!this.running && !groupAlive(this.pid)) return;
    signalGroup(this.pid, 'SIGKILL');
  }

  private record(line: OutputLine, onLine: ProcessSpec['onLine']): void {
    this.lines.push(line);
    if (this.lines.length > MAX_CAPTURED_LINES) this.lines.shift();
    onLine?.(line);
    for (const watch of [...this.lineWatchers]) watch(line);
  }
}

/** Every child started through it, so that one call stops them all and the guardian knows them. */
export class ProcessSet {
  private readonly started: ManagedProcess[] = [];
  private guardian: Guardian | undefined;

  start(spec: ProcessSpec): ManagedProcess {
    this.guardian ??= new Guardian();
    const child = new ManagedProcess(spec, this.guardian);
    this.started.push(child);
    return child;
  }

  get all(): readonly ManagedProcess[] {
    return this.started;
  }

  /**
   * Stops in reverse start order (a front end goes before the server it talks to, so it logs no spurious errors),
   * then lets the guardian go.
   */
  async stopAll(graceMs?: number): Promise<void> {
    for (const child of [...this.started].reverse()) await child.stop(graceMs);
    await this.guardian?.close();
    this.guardian = undefined;
  }

  killAllNow(): void {
    for (const child of this.started) child.killNow();
  }

  /** Pids (children's groups, and the guardian) with a live process: empty once everything is really gone. */
  leftoverPids(): number[] {
    const pids = this.started.map((child) => child.pid).filter(groupAlive);
    return this.guardian?.running ? [...pids, this.guardian.pid] : pids;
  }
}

// Run with `node -e`. Reads "+<pgid>" and "-<pgid>" lines; when its stdin closes, which happens when the process
// that started it is gone, it SIGKILLs every group still listed.
const GUARDIAN_SCRIPT = `
const groups = new Set();
let pending = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  const lines = (pending + chunk).split('\\n');
  pending = lines.pop();
  for (const line of lines) {
    if (line[0] === '+') groups.add(Number(line.slice(1)));
    else groups.delete(Number(line.slice(1)));
  }
});
process.stdin.on('end', () => {
  for (const group of groups) {
    try { process.kill(-group, 'SIGKILL'); } catch {}
  }
  process.exit(0);
});
`;

/**
 * A watchdog that outlives this process just long enough to kill its children. Exit handlers cannot promise that:
 * they never run on SIGKILL, and inside jest `process.on` listens on the test sandbox's copy of `process`, which the
 * real process never notifies. The pipe to the guardian's stdin closes however this process ends.
 */
class Guardian {
  readonly pid: number;
  private readonly child: ChildProcess;
  private readonly stdin: Socket;
  private readonly exited: Promise<void>;
  private closed = false;

  constructor() {
    // Its own session: a Ctrl-C in the terminal must not end it before it has done its job.
    this.child = spawn(process.execPath, ['-e', GUARDIAN_SCRIPT], { detached: true, stdio: ['pipe', 'ignore', 'ignore'] });
    if (this.child.pid === undefined) throw new Error('Could not start the process guardian');
    this.pid = this.child.pid;
    this.exited = new Promise((resolve) => this.child.on('close', () => resolve()));
    // While it only watches, neither the guardian nor the pipe to it may keep this process alive.
    this.stdin = this.child.stdin as Socket;
    // A guardian that died on its own makes writes fail with EPIPE; that must not take this process down too.
    this.stdin.on('error', () => undefined);
    this.stdin.unref();
    this.child.unref();
  }

  get running(): boolean {
    return groupAlive(this.pid);
  }

  watch(pgid: number): void {
    if (!this.closed) this.stdin.write(`+${pgid}\n`);
  }

  forget(pgid: number): void {
    if (!this.closed) this.stdin.write(`-${pgid}\n`);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // Referenced again, or this process could exit (and skip whatever follows the close) before the guardian has.
    this.child.ref();
    this.stdin.end();
    await this.exited;
  }
}

export interface WaitForHttpOptions {
  timeoutMs: number;
  /** Fail at once, with its output, if this child exits while we wait. */
  process?: ManagedProcess;
}

/** Polls `url` until it answers 2xx. */
export async function waitForHttp(url: string, options: WaitForHttpOptions): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  let last = 'no answer';
  for (;;) {
    const child = options.process;
    if (child && !child.running) {
      throw new Error(`${child.name} ${describeExit(await child.exited)} before ${url} answered. Its output:\n${child.tail()}`);
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await response.body?.cancel();
      if (response.ok) return;
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    if (Date.now() >= deadline) throw new Error(`${url} did not answer within ${options.timeoutMs} ms (last: ${last})`);
    await delay(200);
  }
}

/** A port that was free a moment ago on 127.0.0.1 (the OS picks it; another process could still take it). */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('The OS gave no port'))));
    });
  });
}

/**
 * True when nothing listens on `port` on any interface: binding the unspecified address conflicts with a listener
 * on 127.0.0.1 as well as with one on all interfaces.
 */
export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE' || error.code === 'EACCES') resolve(false);
      else reject(error);
    });
    server.listen(port, () => server.close(() => resolve(true)));
  });
}

export function describeExit(status: ExitStatus): string {
  return status.signal ? `was killed by ${status.signal}` : `exited with code ${status.code}`;
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

/**
 * Whether a process group has a member that is not a zombie. Zombies must not count: where pid 1 does not reap
 * orphans (as on these sandbox machines), a killed grandchild stays a zombie for good and `kill(-pgid, 0)` would
 * report its group alive forever.
 */
function groupAlive(pgid: number): boolean {
  if (!existsSync('/proc/self/stat')) {
    try {
      process.kill(-pgid, 0);
      return true;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'EPERM';
    }
  }
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited while we looked
    }
    // "pid (command) state ppid pgrp ...": the command may itself contain spaces and parentheses.
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(pgrp) === pgid && state !== 'Z' && state !== 'X') return true;
  }
  return false;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
