import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import dotenv from 'dotenv';
import { ConfigError, loadConfig } from '../src/config.js';
import { auditToCsv } from '../src/services/auditCsv.js';
import { JsonLinesAuditLog } from '../src/storage/auditLog.js';

/**
 * `npm run audit:export -- --since YYYY-MM-DD [--out file.csv]`: the audit log (STORAGE_DIR/audit.jsonl) from that
 * day on (UTC) as CSV. It only reads, so it runs beside a live bot. Written to a file, because npm prints its own
 * lines on standard output.
 */
const usage = 'Usage: npm run audit:export -- --since YYYY-MM-DD [--out audit.csv]';

async function main(): Promise<number> {
  dotenv.config({ quiet: true });
  let values: { since?: string; out?: string };
  try {
    ({ values } = parseArgs({ options: { since: { type: 'string' }, out: { type: 'string' } }, strict: true }));
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
    return 2;
  }
  const since = values.since ?? '';
  const day = /^\d{4}-\d{2}-\d{2}$/.test(since) ? new Date(`${since}T00:00:00.000Z`) : undefined;
  if (!day || Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== since) {
    console.error(`--since must be a calendar date like 2026-11-01 (got "${since}").\n${usage}`);
    return 2;
  }
  let storageDir: string;
  try {
    storageDir = loadConfig(process.env).storageDir;
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      return 2;
    }
    throw error;
  }
  const damaged: number[] = [];
  const log = new JsonLinesAuditLog(join(resolve(storageDir), 'audit.jsonl'), {
    onDamagedLine: (_file, line) => damaged.push(line.lineNumber),
  });
  const records = await log.readAll();
  const out = resolve(values.out ?? `audit-since-${since}.csv`);
  const csv = auditToCsv(records, day);
  await writeFile(out, csv, 'utf8');
  const rows = csv.split('\r\n').length - 2;
  console.log(`Wrote ${rows} audit record(s) since ${since} to ${out}.`);
  if (damaged.length > 0) console.error(`Skipped damaged line(s) ${damaged.join(', ')} of the audit log.`);
  return 0;
}

process.exitCode = await main();
