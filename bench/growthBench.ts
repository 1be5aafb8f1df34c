import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { TableClient, type TransactionAction } from '@azure/data-tables';
import type { SeatRequest } from '../src/approvals/seatRequest.js';
import { createApp, type App } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import type { SeatRequestAuditRecord } from '../src/services/audit.js';
import { auditEntity } from '../src/storage/azure/tableAuditLog.js';
import { closedSeatRequestEntities, seatRequestEntity } from '../src/storage/azure/tableSeatRequests.js';
import { startAzurite, type Azurite } from './azurite.js';
import { BenchConnector } from './connector.js';
import { contosoWebId } from './turnLoad.js';
import { ascending, percentile } from './stats.js';

/**
 * Does an approval get slower as history grows? For each store (lowdb files, Azure tables on Azurite) two bots run
 * side by side in this process: one whose store holds `small` closed requests and as many audit records, one with
 * `large` of each. Approve invokes alternate between them (one at a time, so neighbours on the machine slow both
 * alike), each approving its own pending request through the real HTTP server, and the p99s are compared.
 */
export interface GrowthBenchOptions {
  small?: number;
  large?: number;
  /** Approvals measured per bot, after `warmup` unmeasured ones. */
  approvals?: number;
  warmup?: number;
  stores?: ReadonlyArray<'lowdb' | 'azure'>;
  log?: (line: string) => void;
}

export interface GrowthResult {
  store: 'lowdb' | 'azure';
  small: { records: number; p50Ms: number; p99Ms: number };
  large: { records: number; p50Ms: number; p99Ms: number };
  p99Ratio: number;
  /** Resident memory the large history costs where it is held: this process for lowdb, Azurite for Azure. */
  largeRssMb: number;
  rssNote: string;
}

const goalRatio = 1.3;
const tenantId = '00000000-0000-0000-0000-0000000000001';
const alex = { id: 'user-id-0', name: 'Alex Wilber', aadObjectId: '00000000-0000-0000-0000-0000000000020' };
const megan = { aadObjectId: '00000000-0000-0000-0000-0000000000021', displayName: 'Megan Bowen' };

export async function runGrowthBench(options: GrowthBenchOptions = {}): Promise<GrowthResult[]> {
  const log = options.log ?? console.log;
  const small = options.small ?? 100;
  const large = options.large ?? 100_000;
  const approvals = options.approvals ?? 200;
  const warmup = options.warmup ?? 20;
  const pending = approvals + warmup;
  const stores = options.stores ?? ['lowdb', 'azure'];
  const results: GrowthResult[] = [];
  const report = (result: GrowthResult) => {
    results.push(result);
    const verdict = result.p99Ratio <= goalRatio ? 'meets' : 'MISSES';
    log(
      `  ${result.store.padEnd(6)} p99 ${result.small.p99Ms.toFixed(1)} ms @${result.small.records} → ${result.large.p99Ms.toFixed(1)} ms @${result.large.records}` +
        ` (p50 ${result.small.p50Ms.toFixed(1)} → ${result.large.p50Ms.toFixed(1)}): ratio ${result.p99Ratio.toFixed(2)} ${verdict} ≤ ${goalRatio};` +
        ` RSS for ${result.large.records} records: ${result.largeRssMb.toFixed(0)} MB (${result.rssNote})`,
    );
  };
  log(`Growth bench: approve-invoke latency with ${small} vs ${large} stored requests and audit records (${approvals} approvals each, alternating)`);
  const root = await mkdtemp(join(tmpdir(), 'billing-bot-growth-'));
  let azurite: Azurite | undefined;
  try {
    if (stores.includes('lowdb')) {
      const rssBefore = process.memoryUsage().rss;
      const lowdbStarted = performance.now();
      const lowdb = await Promise.all([small, large].map(async (size) => startLowdbBot(join(root, `lowdb-${size}`), size, pending)));
      const lowdbRss = process.memoryUsage().rss - rssBefore;
      log(`  lowdb: wrote and opened both stores in ${((performance.now() - lowdbStarted) / 1000).toFixed(1)} s`);
      report(summarise('lowdb', await measure(lowdb, approvals, warmup), [small, large], lowdbRss, 'growth of this process (both bots)'));
      await Promise.all(lowdb.map((bot) => bot.stop()));
    }
    if (stores.includes('azure')) {
      // Loading 100,000 records takes minutes; Azurite lives as long as the bench's own watchdog allows.
      azurite = await startAzurite({ maxLifetimeMs: 30 * 60_000 });
      const azuriteBefore = await rssOf(azurite.pid);
      const azure = [];
      for (const size of [small, large]) {
        const started = performance.now();
        azure.push(await startAzureBot(root, azurite, size, pending));
        log(`  azure: loaded ${size} requests and audit records into Azurite in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      }
      const azuriteRss = (await rssOf(azurite.pid)) - azuriteBefore;
      report(summarise('azure', await measure(azure, approvals, warmup), [small, large], azuriteRss, 'growth of Azurite (holds the data)'));
      await Promise.all(azure.map((bot) => bot.stop()));
    }
  } finally {
    await azurite?.stop();
    await rm(root, { recursive: true, force: true });
  }
  return results;
}

interface BenchBot {
  records: number;
  baseUrl: string;
  serviceUrl: string;
  requestIds: string[];
  stop(): Promise<void>;
}

function summarise(store: 'lowdb' | 'azure', samples: number[][], sizes: number[], rss: number, rssNote: string): GrowthResult {
  const [smallStats, largeStats] = samples.map((values) => {
    const sorted = ascending(values);
    return { p50Ms: percentile(sorted, 0.5), p99Ms: percentile(sorted, 0.99) };
  }) as [{ p50Ms: number; p99Ms: number }, { p50Ms: number; p99Ms: number }];
  return {
    store,
    small: { records: sizes[0]!, ...smallStats },
    large: { records: sizes[1]!, ...largeStats },
    p99Ratio: largeStats.p99Ms / smallStats.p99Ms,
    largeRssMb: rss / 1024 / 1024,
    rssNote,
  };
}

/** Alternates one approval on each bot; returns each bot's measured latencies. */
async function measure(bots: BenchBot[], approvals: number, warmup: number): Promise<number[][]> {
  const samples = bots.map(() => [] as number[]);
  for (let i = 0; i < approvals + warmup; i += 1) {
    for (const [index, bot] of bots.entries()) {
      const started = performance.now();
      const body = await approve(bot, bot.requestIds[i]!);
      const elapsed = performance.now() - started;
      if (!/Approved and assigned|already had/i.test(body)) throw new Error(`An approval on the ${bot.records}-record store did not succeed: ${body.replace(/"type":"TextBlock",/g, "").slice(0, 1500)}`);
      if (i >= warmup) samples[index]!.push(elapsed);
    }
  }
  return samples;
}

function approve(bot: BenchBot, requestId: string): Promise<string> {
  const activity = {
    id: randomUUID(),
    type: 'invoke',
    name: 'adaptiveCard/action',
    timestamp: new Date().toISOString(),
    serviceUrl: bot.serviceUrl,
    channelId: 'msteams',
    locale: 'en-US',
    from: alex,
    recipient: { id: '28:bench-bot', name: 'Billing bot' },
    conversation: { id: 'a:bench-approver-chat', conversationType: 'personal', tenantId },
    channelData: { tenant: { id: tenantId } },
    value: { action: { type: 'Action.Execute', verb: 'seatRequests/approve', data: { requestId, version: 1 } }, trigger: 'manual' },
  };
  const payload = JSON.stringify(activity);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${bot.baseUrl}/api/messages`,
      { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => (res.statusCode === 200 ? resolve(body) : reject(new Error(`HTTP ${res.statusCode}: ${body.slice(0, 300)}`))));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** A request as the service files it; `closed` ones look like history (assigned long ago). */
function benchRequest(number: number, closed: boolean): SeatRequest {
  const at = new Date(Date.now() - (closed ? 30 * 86_400_000 : 0)).toISOString();
  const later = new Date(Date.now() + 7 * 86_400_000).toISOString();
  return {
    id: randomUUID(),
    number,
    version: closed ? 3 : 1,
    status: closed ? 'assigned' : 'pending',
    tenantId,
    organization: { id: contosoWebId, name: 'contoso-web' },
    requester: megan,
    level: 'basicTestPlans',
    people: [{ principalName: 'leeg@example.com', displayName: 'Lee Gu', currentLevel: 'stakeholder', monthlyDelta: 52, why: 'Basic + Test Plans seat' }],
    justification: 'Needs to run the regression test plans.',
    // What the sandbox prices Lee Gu's seat at, so the first approval is not sent back for a new price; later ones find
    // the seat already held and approve without repricing.
    cost: { monthlyDelta: 52, proratedDelta: 2, summary: '+$52 a month', priceAsOf: '2026-11-01' },
    createdAt: at,
    updatedAt: at,
    ...(closed ? { decision: { by: { aadObjectId: alex.aadObjectId, displayName: alex.name }, at } } : {}),
    assignments: closed ? [{ principalName: 'leeg@example.com', outcome: 'assigned' as const, at }] : [],
    remindAt: later,
    expiresAt: later,
    cards: [],
  };
}

function auditRecord(request: SeatRequest): SeatRequestAuditRecord {
  return {
    at: request.updatedAt,
    action: 'seat.assigned',
    actor: { aadObjectId: alex.aadObjectId, displayName: alex.name },
    organization: request.organization,
    requestId: request.id,
    requestNumber: request.number,
    statusBefore: 'approved',
    statusAfter: 'assigned',
    level: request.level,
    people: ['leeg@example.com'],
    monthlyDelta: 52,
    backend: 'sandbox',
  };
}

/** History and pending requests written in the store's own file formats, then the bot opened on them. */
async function startLowdbBot(dir: string, records: number, pending: number): Promise<BenchBot> {
  await mkdir(dir, { recursive: true });
  const archive: string[] = [];
  const audit: string[] = [];
  for (let number = 1; number <= records; number += 1) {
    const request = benchRequest(number, true);
    archive.push(JSON.stringify({ eTag: randomUUID(), request }));
    audit.push(JSON.stringify(auditRecord(request)));
  }
  await writeFile(join(dir, 'seat-requests-closed.jsonl'), archive.length ? `${archive.join('\n')}\n` : '');
  await writeFile(join(dir, 'audit.jsonl'), audit.length ? `${audit.join('\n')}\n` : '');
  const open = Array.from({ length: pending }, (_, i) => benchRequest(records + 1 + i, false));
  const hot: Record<string, unknown> = { 'seat-request-counter': { value: records + pending, eTag: randomUUID() } };
  for (const request of open) hot[`seat-requests/${request.id}`] = { request, eTag: randomUUID() };
  await writeFile(join(dir, 'seat-requests.json'), JSON.stringify(hot));
  return startBot({ STORAGE_DIR: dir }, records, open);
}

async function startAzureBot(root: string, azurite: Azurite, records: number, pending: number): Promise<BenchBot> {
  const prefix = `growth${records}`;
  const connect = (name: string) => TableClient.fromConnectionString(azurite.connectionString, `${prefix}${name}`, { allowInsecureConnection: true });
  const requests = connect('seatrequests');
  const closed = connect('seatrequestsclosed');
  const audit = connect('audit');
  await Promise.all([requests.createTable(), closed.createTable(), audit.createTable()]);
  const history = Array.from({ length: records }, (_, i) => benchRequest(i + 1, true));
  const base = Date.now() - 30 * 86_400_000;
  await load(closed, history.flatMap((request) => closedSeatRequestEntities(request)));
  await load(audit, history.map((request, i) => auditEntity(`${String(base + i).padStart(15, '0')}-000000-bench`, auditRecord(request))));
  const open = Array.from({ length: pending }, (_, i) => benchRequest(records + 1 + i, false));
  await load(requests, [...open.map((request) => seatRequestEntity(request)), { partitionKey: 'counter', rowKey: 'seat-request-number', value: records + pending }]);
  return startBot(
    { STORAGE_DIR: join(root, `azure-${records}`), STORAGE: 'azure', AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString, AZURE_STORAGE_TABLE_PREFIX: prefix },
    records,
    open,
  );
}

/** Bulk insert in entity group transactions (at most 100 entities, all of one partition), eight in flight. */
async function load(table: TableClient, entities: Array<{ partitionKey: string; rowKey: string } & Record<string, unknown>>): Promise<void> {
  const byPartition = new Map<string, TransactionAction[]>();
  for (const entity of entities) {
    const actions = byPartition.get(entity.partitionKey) ?? [];
    actions.push(['create', entity]);
    byPartition.set(entity.partitionKey, actions);
  }
  const batches = [...byPartition.values()].flatMap((actions) =>
    Array.from({ length: Math.ceil(actions.length / 100) }, (_, i) => actions.slice(i * 100, (i + 1) * 100)),
  );
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < batches.length) await table.submitTransaction(batches[next++]!);
    }),
  );
}

async function startBot(env: NodeJS.ProcessEnv, records: number, open: SeatRequest[]): Promise<BenchBot> {
  const connector = await BenchConnector.start();
  // The background check (reminders, expiry) would run during the measurement; an hour apart it does not.
  const config = loadConfig({ LOG_LEVEL: 'silent', PORT: '0', SEAT_REQUEST_CHECK_SECONDS: '3600', ...env });
  const app: App = await createApp(config, { logger: createLogger('silent') });
  const { port } = await app.listen(0, '127.0.0.1');
  return {
    records,
    baseUrl: `http://127.0.0.1:${port}`,
    serviceUrl: connector.serviceUrl,
    requestIds: open.map((request) => request.id),
    async stop() {
      await app.close(5_000);
      await connector.close();
    },
  };
}

async function rssOf(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return kb * 1024;
}
