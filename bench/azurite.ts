import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFreePort } from '../scripts/lib/processes.js';
import { projectRoot } from '../src/paths.js';

/** Azurite's published development account (https://learn.microsoft.com/azure/storage/common/storage-use-azurite). */
const account = 'devstoreaccount1';
const accountKey = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface Azurite {
  connectionString: string;
  tablePort: number;
  /** Azurite's process id, so a bench can report the memory the stored data takes there. */
  pid: number;
  stop(): Promise<void>;
}

/**
 * Azurite's Table service in memory on a free 127.0.0.1 port, started from the project's own devDependency so
 * `npm test` and `npm run bench` need nothing else. Tests stop it in `afterAll`; a safety kill covers a run that never gets there.
 */
export async function startAzurite(options: { maxLifetimeMs?: number } = {}): Promise<Azurite> {
  const tablePort = await findFreePort();
  const workspace = await mkdtemp(join(tmpdir(), 'billing-bot-azurite-'));
  const child: ChildProcess = spawn(
    join(projectRoot, 'node_modules', '.bin', 'azurite-table'),
    [
      '--inMemoryPersistence',
      '--disableTelemetry',
      '--silent',
      '--tableHost',
      '127.0.0.1',
      '--tablePort',
      String(tablePort),
      '--skipApiVersionCheck',
      '--loose',
      '--disableProductStyleUrl',
    ],
    { cwd: workspace, stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH } },
  );
  const safety = setTimeout(() => child.kill('SIGKILL'), options.maxLifetimeMs ?? 10 * 60_000);
  safety.unref();
  let output = '';
  const started = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('successfully started')) resolve();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`Azurite exited (${code}) before listening:\n${output}`)));
    child.once('error', reject);
  });
  try {
    await started;
  } catch (error) {
    clearTimeout(safety);
    child.kill('SIGKILL');
    await rm(workspace, { recursive: true, force: true });
    throw error;
  }
  child.stdout?.resume();
  child.stderr?.resume();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // A bench stopped by its watchdog (process.exit) must not leave Azurite running.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  void exited.then(() => process.off('exit', killOnExit));
  return {
    tablePort,
    pid: child.pid ?? 0,
    connectionString:
      `DefaultEndpointsProtocol=http;AccountName=${account};AccountKey=${accountKey};` +
      `TableEndpoint=http://127.0.0.1:${tablePort}/${account};`,
    async stop() {
      clearTimeout(safety);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
      await rm(workspace, { recursive: true, force: true });
    },
  };
}
