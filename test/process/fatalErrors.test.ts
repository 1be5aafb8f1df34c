import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { projectRoot } from '../../src/paths.js';

const compiled = (file: string) => pathToFileURL(join(projectRoot, 'dist', 'src', file)).href;

describe('a fault nobody caught', () => {
  it.each([
    ['uncaughtException', "setTimeout(() => { throw new Error('boom: token=abc') }, 0);"],
    ['unhandledRejection', "Promise.reject(new Error('boom: rejected'));"],
  ])('logs a fatal JSON line through pino and exits 1 (%s)', (kind, fault) => {
    const script = [
      `const { createLogger } = await import(${JSON.stringify(compiled('logger.js'))});`,
      `const { exitOnUnhandledFaults } = await import(${JSON.stringify(compiled('processLifecycle.js'))});`,
      "exitOnUnhandledFaults(createLogger('info'));",
      fault,
    ].join('\n');
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: projectRoot, encoding: 'utf8' });
    expect(run.status).toBe(1);
    const fatal = run.stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { level: number; kind: string; err: { message: string } });
    expect(fatal).toEqual([expect.objectContaining({ level: 60, kind, err: expect.objectContaining({ message: expect.stringContaining('boom') }) })]);
  });
});
