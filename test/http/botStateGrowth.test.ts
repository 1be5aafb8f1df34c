import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { HttpChat } from '../support/billingChat.js';
import { startTestApp, type RunningApp } from '../support/testApp.js';
import { withTempDir } from '../support/tempDir.js';

/** A turn's state is saved before its HTTP answer, so the file already holds it; no file means nothing was written. */
async function botStateOf(running: RunningApp): Promise<Record<string, unknown>> {
  const text = await readFile(join(running.storageDir, 'bot-state.json'), 'utf8').catch(() => '{}');
  return JSON.parse(text) as Record<string, unknown>;
}

describe('bot state stays bounded (point 5 of the hardening issue)', () => {
  let running: RunningApp | undefined;
  afterEach(async () => {
    await running?.stop();
    running = undefined;
  });

  it('stores nothing for turns without a flow, however many people and chats', async () => {
    running = await startTestApp();
    for (let n = 0; n < 20; n++) {
      const chat = new HttpChat(running.baseUrl, running.connector, `chat-${n}`);
      expect((await chat.send({ text: n % 2 === 0 ? 'help' : 'How much does a Basic user cost?' })).status).toBe(200);
    }
    expect(await botStateOf(running)).toEqual({});
  });

  it('keeps a running flow, and forgets it once the flow ends', async () => {
    running = await startTestApp();
    const chat = new HttpChat(running.baseUrl, running.connector, 'flow-chat');
    await chat.send({ text: 'set up billing for contoso-mobile' });
    expect(Object.keys(await botStateOf(running))).toHaveLength(1);
    await chat.send({ text: 'cancel' });
    expect(await botStateOf(running)).toEqual({});
  });

  it('sweeps flows abandoned for twice the idle limit, and records left by earlier versions', () =>
    withTempDir(async (dir) => {
      // What an earlier version left for a chat that only ever asked for help.
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, 'bot-state.json'), JSON.stringify({ 'msteams/conversations/old/users/u': { dialogState: { dialogStack: [] }, eTag: '1' } }));
      const clock = { now: new Date('2026-05-01T09:00:00Z') };
      running = await startTestApp({ STORAGE_DIR: dir, DIALOG_IDLE_MINUTES: '30' }, { now: () => clock.now });

      await new HttpChat(running.baseUrl, running.connector, 'abandoned-chat').send({ text: 'set up billing for contoso-mobile' });
      expect(Object.keys(await botStateOf(running))).toEqual([expect.stringContaining('abandoned-chat')]);
      clock.now = new Date('2026-05-01T10:01:00Z');
      await new HttpChat(running.baseUrl, running.connector, 'active-chat').send({ text: 'set up billing for contoso-mobile' });
      expect(Object.keys(await botStateOf(running))).toEqual([expect.stringContaining('active-chat')]);
      await running.stop();
      running = undefined;
    }));
});
