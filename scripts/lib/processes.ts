import { spawn } from 'node:child_process';
import { createServer } from 'node:net';

/**
 * Child processes for `npm run dev` and the browser end-to-end tests: each child gets its own process group, so
 * stopping it also stops whatever it spawned, and an exit handler kills every group still running however this
 * process ends (a crash, Ctrl-C, a failed test run).
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
  /** Used in messages and as the default prefix of streamed lines. */
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

export class ManagedProcess {
  readonly name: string;
  readonly pid: number;
  /** Settles when the child itself has exited (its group may outlive it; `stop` takes care of that). */
  readonly exited: Promise<ExitStatus>;
  private readonly lines: OutputLine[] = [];
  private readonly lineWatchers = new Set<(line: OutputLine) => void>();
  private status: ExitStatus | undefined;

  constructor(spec: ProcessSpec) {
    this.name = spec.name;
    // detached = setsid(): the child leads a new process group whose id is its pid, and a Ctrl-C in the terminal
    // reaches only this process, which then stops the children in order instead of all at once.
    const child = spawn(spec.command, spec.args ?? [], {
      cwd: spec.cwd,
      env: spec.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (child.pid === undefined) throw new Error(`Could not start ${spec.name} (${spec.command})`);
    this.pid = child.pid;

    const collect = (stream: OutputStream) => {
      let partial = '';
      return (chunk: Buffer): void => {
        const parts = (partial + chunk.toString('utf8')).split('\n');
        partial = parts.pop() ?? '';
        for (const text of parts) this.record({ stream, text: text.replace(/\r$/, '') }, spec.onLine);
      };
    };
    child.stdout.on('data', collect('stdout'));
    child.stderr.on('data', collect('stderr'));

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
    if (groupAlive(this.pid)) signalGroup(this.pid, 'SIGKILL');
    return status;
  }

  /** Synchronous last resort for an exit handler, where nothing can be awaited. */
  killNow(): void {
    signalGroup(this.pid, 'SIGKILL');
  }

  private record(line: OutputLine, onLine: ProcessSpec['onLine']): void {
    this.lines.push(line);
    if (this.lines.length > MAX_CAPTURED_LINES) this.lines.shift();
    onLine?.(line);
    for (const watch of [...this.lineWatchers]) watch(line);
  }
}

/** Every child started through it, so that one call stops them all and an exit handler can find them. */
export class ProcessSet {
  private readonly started: ManagedProcess[] = [];

  start(spec: ProcessSpec): ManagedProcess {
    const child = new ManagedProcess(spec);
    this.started.push(child);
    return child;
  }

  get all(): readonly ManagedProcess[] {
    return this.started;
  }

  /** Stops in reverse start order: a front end goes before the server it talks to, so it logs no spurious errors. */
  async stopAll(graceMs?: number): Promise<void> {
    for (const child of [...this.started].reverse()) await child.stop(graceMs);
  }

  killAllNow(): void {
    for (const child of this.started) child.killNow();
  }

  /** Pids whose process group still has a live member: empty once everything is really gone. */
  leftoverPids(): number[] {
    return this.started.map((child) => child.pid).filter(groupAlive);
  }
}

/**
 * Kills every group in `processes` when this process exits, and on each of `signals`. After a signal it re-raises
 * the signal when nobody else listens for it, so the process still ends the way it would have. Returns a function
 * that removes the handlers.
 */
export function killOnExit(processes: ProcessSet, signals: readonly NodeJS.Signals[] = []): () => void {
  const onExit = (): void => processes.killAllNow();
  const onSignal = (signal: NodeJS.Signals): void => {
    processes.killAllNow();
    remove();
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  };
  const remove = (): void => {
    process.off('exit', onExit);
    for (const signal of signals) process.off(signal, onSignal);
  };
  process.on('exit', onExit);
  for (const signal of signals) process.on(signal, onSignal);
  return remove;
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

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
