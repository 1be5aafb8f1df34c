import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { projectRoot } from '../../src/paths.js';

const script = join(projectRoot, 'dist', 'scripts', 'audit-export.js');

describe('npm run audit:export (the built script)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'audit-export-'));
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  const run = (...args: string[]) =>
    spawnSync(process.execPath, [script, ...args], { cwd: dir, env: { PATH: process.env.PATH, STORAGE_DIR: dir }, encoding: 'utf8' });

  it('writes the records since the day to a CSV file and says how many, reading past a damaged line', async () => {
    const lines = [
      JSON.stringify({ at: '2026-11-02T10:00:00.000Z', action: 'billing.remove', actor: { aadObjectId: 'a1' }, organization: { id: 'o', name: 'contoso-web' }, oldSubscriptionId: 's', backend: 'sandbox' }),
      '{"at":"2026-11-03T10:00:00.000Z","action":"billi',
      JSON.stringify({ at: '2026-10-02T10:00:00.000Z', action: 'billing.link', actor: { aadObjectId: 'a1' }, organization: { id: 'o', name: 'contoso-web' }, newSubscriptionId: 's', backend: 'sandbox' }),
    ];
    await writeFile(join(dir, 'audit.jsonl'), `${lines.join('\n')}\n`);
    const result = run('--since', '2026-11-01', '--out', 'november.csv');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Wrote 1 audit record(s) since 2026-11-01');
    expect(result.stderr).toContain('Skipped damaged line(s) 2');
    const csv = await readFile(join(dir, 'november.csv'), 'utf8');
    expect(csv.split('\r\n').filter(Boolean)).toHaveLength(2);
    expect(csv).toContain('billing.remove');
  });

  it.each([[[]], [['--since', '2026-02-30']], [['--since', 'yesterday']], [['--since', '2026-11-01', '--bogus']]])(
    'refuses %j with the usage line and writes nothing',
    (args) => {
      const result = run(...args);
      expect(result.status).toBe(2);
      expect(result.stderr).toContain('Usage: npm run audit:export -- --since YYYY-MM-DD');
    },
  );
});
