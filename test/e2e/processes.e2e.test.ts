import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { findFreePort, isPortFree, ProcessSet, waitForHttp } from '../../scripts/lib/processes.js';
import { projectRoot } from '../../src/paths.js';

/** The process handling that `npm run dev` and the browser suites rely on to leave nothing running. */

function nodeScript(source: string): { command: string; args: string[] } {
  return { command: process.execPath, args: ['-e', source] };
}

/** Running, not a zombie: the machine's pid 1 may never reap an orphaned grandchild. */
function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !['Z', 'X'].includes(stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3));
  } catch {
    return false;
  }
}

// Prints its grandchild's pid, then idles; the grandchild idles too.
const SPAWNS_GRANDCHILD = `
  const { spawn } = require('node:child_process');
  const grandchild = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  console.log('grandchild ' + grandchild.pid);
`;

describe('child processes (scripts/lib/processes.ts)', () => {
  it('stop() ends the child and what it spawned, with SIGKILL when the child ignores SIGTERM', async () => {
    const processes = new ProcessSet();
    const child = processes.start({
      name: 'stubborn',
      // The handler goes first: the test signals as soon as it reads the grandchild's pid.
      ...nodeScript(`process.on('SIGTERM', () => {}); ${SPAWNS_GRANDCHILD}; setInterval(() => {}, 1000);`),
    });
    const [, grandchild] = await child.waitForLine(/grandchild (\d+)/, 10_000);

    expect(await child.stop(300)).toEqual({ code: null, signal: 'SIGKILL' });
    expect(running(Number(grandchild))).toBe(false);
    await processes.stopAll();
    expect(processes.leftoverPids()).toEqual([]);
  });

  it('stop() also ends what a child left running when it exited on its own', async () => {
    const processes = new ProcessSet();
    const child = processes.start({ name: 'leaver', ...nodeScript(`${SPAWNS_GRANDCHILD}; setTimeout(() => process.exit(0), 100);`) });
    const [, grandchild] = await child.waitForLine(/grandchild (\d+)/, 10_000);
    await child.exited;
    expect(processes.leftoverPids()).toContain(child.pid);

    await processes.stopAll();
    expect(running(Number(grandchild))).toBe(false);
    expect(processes.leftoverPids()).toEqual([]);
  });

  it('reports a child that dies during start-up with its output instead of waiting out the timeout', async () => {
    const processes = new ProcessSet();
    const child = processes.start({ name: 'crasher', ...nodeScript(`console.error('config is broken'); process.exit(3);`) });
    const port = await findFreePort();
    const started = Date.now();

    await expect(waitForHttp(`http://127.0.0.1:${port}/healthz`, { timeoutMs: 30_000, process: child })).rejects.toThrow(
      /crasher exited with code 3[\s\S]*config is broken/,
    );
    await expect(child.waitForLine(/listening/, 30_000)).rejects.toThrow(/crasher exited with code 3/);
    expect(Date.now() - started).toBeLessThan(10_000);
    await processes.stopAll();
  });

  it('ends the children of a process that is killed outright (SIGKILL), through its guardian', async () => {
    // The compiled module (`npm run test:e2e` builds first): a plain node process, not jest's sandbox.
    const library = pathToFileURL(join(projectRoot, 'dist', 'scripts', 'lib', 'processes.js')).href;
    const processes = new ProcessSet();
    const parent = processes.start({
      name: 'parent',
      command: process.execPath,
      args: [
        '--input-type=module',
        '-e',
        `import { ProcessSet } from '${library}';
         const sleeper = new ProcessSet().start({ name: 'sleeper', command: process.execPath, args: ['-e', 'setInterval(() => {}, 1000)'] });
         console.log('sleeper ' + sleeper.pid);
         setInterval(() => {}, 1000);`,
      ],
    });
    const [, sleeper] = await parent.waitForLine(/sleeper (\d+)/, 10_000);
    expect(running(Number(sleeper))).toBe(true);

    process.kill(parent.pid, 'SIGKILL');
    await parent.exited;
    for (let waited = 0; running(Number(sleeper)) && waited < 5_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(running(Number(sleeper))).toBe(false);
    await processes.stopAll();
    expect(processes.leftoverPids()).toEqual([]);
  });

  it('refuses at once to start a command that does not exist', async () => {
    const processes = new ProcessSet();
    expect(() => processes.start({ name: 'ghost', command: '/nonexistent/ghost' })).toThrow(
      'Could not start ghost: /nonexistent/ghost is missing or not executable',
    );
    await processes.stopAll();
    expect(processes.leftoverPids()).toEqual([]);
  });

  it('tells a busy port from a free one', async () => {
    const processes = new ProcessSet();
    const port = await findFreePort();
    expect(await isPortFree(port)).toBe(true);
    const server = processes.start({
      name: 'listener',
      ...nodeScript(`require('node:http').createServer((q, s) => s.end('ok')).listen(${port}, '127.0.0.1', () => console.log('up'))`),
    });
    await server.waitForLine(/up/, 10_000);
    await waitForHttp(`http://127.0.0.1:${port}/`, { timeoutMs: 10_000, process: server });

    expect(await isPortFree(port)).toBe(false);
    await processes.stopAll();
    expect(await isPortFree(port)).toBe(true);
  });
});
