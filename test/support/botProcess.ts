import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from '../../src/paths.js';

// `npm test` builds before jest runs; these helpers start the compiled entry exactly as `npm start` does.
export const botEntry = join(projectRoot, 'dist', 'src', 'index.js');

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface BotProcess {
  child: ChildProcess;
  /** Resolves with the base URL once the bot logs that it listens; rejects if it exits first. */
  listening: Promise<string>;
  exited: Promise<Exit>;
  stdout(): string;
  /** Resolves once stdout contains `text`. */
  waitForOutput(text: string): Promise<void>;
}

/** Starts `script` (default: the bot's entry) with only PATH inherited; a safety kill after 60 s. */
export function startBotProcess(env: NodeJS.ProcessEnv, script = botEntry, stdin: 'ignore' | 'pipe' = 'ignore'): BotProcess {
  const child = spawn(process.execPath, [script], {
    cwd: projectRoot,
    env: { PATH: process.env.PATH, LOG_LEVEL: 'info', PORT: '0', ...env },
    stdio: [stdin, 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const watchers: Array<() => void> = [];
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    for (const watcher of [...watchers]) watcher();
  });
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<Exit>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
      for (const watcher of [...watchers]) watcher();
    });
  });
  const waitForOutput = (text: string): Promise<void> =>
    new Promise((resolve, reject) => {
      const check = () => {
        if (stdout.includes(text)) {
          watchers.splice(watchers.indexOf(check), 1);
          resolve();
        } else if (child.exitCode !== null || child.signalCode !== null) {
          watchers.splice(watchers.indexOf(check), 1);
          reject(new Error(`The process exited before printing "${text}".\nstdout: ${stdout}\nstderr: ${stderr}`));
        }
      };
      watchers.push(check);
      check();
    });
  const listening = waitForOutput('bot listening on').then(() => {
    const match = /bot listening on (http:\/\/[^/]+)\/api\/messages/.exec(stdout);
    if (!match?.[1]) throw new Error(`No address in: ${stdout}`);
    return match[1];
  });
  // A process expected to refuse to start never listens; only a test that awaits `listening` should fail on that.
  listening.catch(() => undefined);
  return { child, listening, exited, stdout: () => stdout, waitForOutput };
}
