import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, jest } from '@jest/globals';
import { projectRoot } from '../../src/paths.js';
import { withTempDir } from '../support/tempDir.js';

// `npm test` builds before jest runs; these tests start the compiled entry exactly as `npm start` does.
const entry = join(projectRoot, 'dist', 'src', 'index.js');

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

function startBot(env: NodeJS.ProcessEnv, onStdout?: (text: string, child: ReturnType<typeof spawn>) => void): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [entry], {
      cwd: projectRoot,
      env: { PATH: process.env.PATH, LOG_LEVEL: 'info', PORT: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 40_000);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      onStdout?.(stdout, child);
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('starting the bot process', () => {
  jest.setTimeout(60_000);

  it('has been built', () => {
    expect(existsSync(entry)).toBe(true);
  });

  it('refuses NODE_ENV=production without MicrosoftAppId and names the variable', () =>
    withTempDir(async (dir) => {
      const exit = await startBot({ NODE_ENV: 'production', STORAGE_DIR: dir });
      expect(exit.code).not.toBe(0);
      expect(exit.stderr).toContain('MicrosoftAppId');
    }));

  it('refuses a corrupted store, names the file and leaves it untouched', () =>
    withTempDir(async (dir) => {
      const file = join(dir, 'bot-state.json');
      await writeFile(file, '{"half": ');
      const exit = await startBot({ STORAGE_DIR: dir });
      expect(exit.code).not.toBe(0);
      expect(exit.stderr).toContain(file);
      expect(await readFile(file, 'utf8')).toBe('{"half": ');
    }));

  it('stops cleanly on SIGTERM once listening', () =>
    withTempDir(async (dir) => {
      let signalled = false;
      const exit = await startBot({ STORAGE_DIR: dir }, (stdout, child) => {
        if (!signalled && stdout.includes('bot listening')) {
          signalled = true;
          child.kill('SIGTERM');
        }
      });
      expect(signalled).toBe(true);
      expect({ code: exit.code, stderr: exit.stderr }).toMatchObject({ code: 0 });
      expect(exit.stdout).toContain('"msg":"stopped"');
    }));
});
