import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { describe, expect, it, jest } from '@jest/globals';
import { startBotProcess } from '../support/botProcess.js';
import { withTempDir } from '../support/tempDir.js';

describe('one bot process per storage folder (point 4 of the hardening issue)', () => {
  jest.setTimeout(60_000);

  it('refuses a second process on a folder a live process holds, naming the folder and the pid, and starts once it is free', () =>
    withTempDir(async (dir) => {
      const first = startBotProcess({ STORAGE_DIR: dir });
      await first.listening;
      expect(JSON.parse(await readFile(join(dir, 'storage.lock'), 'utf8'))).toMatchObject({ pid: first.child.pid });

      const second = await startBotProcess({ STORAGE_DIR: dir }).exited;
      expect(second.code).toBe(1);
      expect(second.stderr).toContain(resolve(dir));
      expect(second.stderr).toContain(`pid ${first.child.pid}`);
      expect(second.stdout).not.toContain('bot listening');

      first.child.kill('SIGTERM');
      expect((await first.exited).code).toBe(0);
      expect(existsSync(join(dir, 'storage.lock'))).toBe(false);

      const third = startBotProcess({ STORAGE_DIR: dir });
      await third.listening;
      third.child.kill('SIGTERM');
      expect((await third.exited).code).toBe(0);
    }));

  it('takes over the lock of a process that is gone', () =>
    withTempDir(async (dir) => {
      const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
      await writeFile(join(dir, 'storage.lock'), JSON.stringify({ pid: Number(gone), since: '2026-01-01T00:00:00.000Z' }));
      const bot = startBotProcess({ STORAGE_DIR: dir });
      await bot.listening;
      expect(JSON.parse(await readFile(join(dir, 'storage.lock'), 'utf8'))).toMatchObject({ pid: bot.child.pid });
      bot.child.kill('SIGTERM');
      expect((await bot.exited).code).toBe(0);
    }));
});
