import { describe, expect, it } from '@jest/globals';
import { findFreePort, isPortFree, ProcessSet, waitForHttp } from '../../scripts/lib/processes.js';

/** The process handling that `npm run dev` and the browser suites rely on to leave nothing running. */

function nodeScript(source: string): { command: string; args: string[] } {
  return { command: process.execPath, args: ['-e', source] };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
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
      ...nodeScript(`${SPAWNS_GRANDCHILD}; process.on('SIGTERM', () => {}); setInterval(() => {}, 1000);`),
    });
    const [, grandchild] = await child.waitForLine(/grandchild (\d+)/, 10_000);

    expect(await child.stop(300)).toEqual({ code: null, signal: 'SIGKILL' });
    expect(alive(Number(grandchild))).toBe(false);
    expect(processes.leftoverPids()).toEqual([]);
  });

  it('stop() also ends what a child left running when it exited on its own', async () => {
    const processes = new ProcessSet();
    const child = processes.start({ name: 'leaver', ...nodeScript(`${SPAWNS_GRANDCHILD}; setTimeout(() => process.exit(0), 100);`) });
    const [, grandchild] = await child.waitForLine(/grandchild (\d+)/, 10_000);
    await child.exited;
    expect(processes.leftoverPids()).toEqual([child.pid]);

    await child.stop();
    expect(alive(Number(grandchild))).toBe(false);
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
