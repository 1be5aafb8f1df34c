import { request } from 'node:http';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { teamsActivity } from '../support/botClient.js';
import { startBotProcess, type BotProcess } from '../support/botProcess.js';

/** Sends headers and as much of a body as given, without ending unless told; resolves with the status. */
function rawPost(baseUrl: string, headers: Record<string, string | number>, body: Buffer, end: boolean): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${baseUrl}/api/messages`, { method: 'POST', headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.write(body);
    if (end) req.end();
  });
}

describe('request bodies, against the real bot process (point 1 of the hardening issue)', () => {
  jest.setTimeout(60_000);
  let bot: BotProcess;
  let baseUrl: string;
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'billing-bot-bodies-'));
    bot = startBotProcess({ STORAGE_DIR: dir, MAX_BODY_BYTES: String(1024 * 1024) });
    baseUrl = await bot.listening;
  });
  afterAll(async () => {
    bot.child.kill('SIGTERM');
    await bot.exited;
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses a gzip body (a 24 KB "bomb" that inflates to 24 MB) with 415 before reading it, and keeps serving', async () => {
    const activity = JSON.stringify(teamsActivity('http://127.0.0.1:9/', { text: 'a'.repeat(24 * 1024 * 1024) }));
    const bomb = gzipSync(activity);
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const status = await rawPost(baseUrl, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip', 'Content-Length': bomb.length }, bomb, true);
    expect(status).toBe(415);
    expect((await fetch(`${baseUrl}/healthz`)).status).toBe(200);
    expect(bot.child.exitCode).toBeNull();
  });

  it.each(['deflate', 'br', 'gzip, identity'])('refuses Content-Encoding %s with 415', async (encoding) => {
    const body = Buffer.from(JSON.stringify(teamsActivity('http://127.0.0.1:9/', { type: 'typing' })));
    expect(await rawPost(baseUrl, { 'Content-Type': 'application/json', 'Content-Encoding': encoding }, body, true)).toBe(415);
  });

  it('accepts an uncompressed activity declared as identity', async () => {
    const body = Buffer.from(JSON.stringify(teamsActivity('http://127.0.0.1:9/', { type: 'typing' })));
    expect(await rawPost(baseUrl, { 'Content-Type': 'application/json', 'Content-Encoding': 'identity' }, body, true)).toBe(200);
  });

  it('answers 413 to a declared length over the limit without waiting for the body', async () => {
    // Only the first kilobyte of a declared 50 MB is ever sent: the answer must not depend on the rest.
    const status = await rawPost(baseUrl, { 'Content-Type': 'application/json', 'Content-Length': 50 * 1024 * 1024 }, Buffer.alloc(1024, 32), false);
    expect(status).toBe(413);
  });

  it('answers 413 to a chunked body as soon as what was read passes the limit', async () => {
    // Chunked (no length) and never ended: the bot has to count what it reads.
    const status = await rawPost(baseUrl, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' }, Buffer.alloc(2 * 1024 * 1024, 32), false);
    expect(status).toBe(413);
    expect((await fetch(`${baseUrl}/healthz`)).status).toBe(200);
  });
});
