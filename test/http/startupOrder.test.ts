import { describe, expect, it } from '@jest/globals';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { StorageLockedError } from '../../src/storage/storageLock.js';
import { cardProblems } from '../support/adaptiveCards.js';
import { postJson, teamsActivity } from '../support/botClient.js';
import { withTempDir } from '../support/tempDir.js';
import { startTestApp } from '../support/testApp.js';

/** A bot module that loads only when the test lets it, so the app can be watched before the bot is built. */
function heldBackBotModule() {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let requested!: () => void;
  const loadRequested = new Promise<void>((resolve) => (requested = resolve));
  return {
    release,
    loadRequested,
    loadBotModule: async () => {
      requested();
      await released;
      return import('../../src/createBot.js');
    },
  };
}

describe('start-up order: the server listens first, the bot is built right after', () => {
  it('answers /healthz at once, /readyz 503 until the bot is built, and a turn that came first gets its full card', async () => {
    const held = heldBackBotModule();
    const running = await startTestApp({}, { loadBotModule: held.loadBotModule });
    try {
      await held.loadRequested;
      expect((await fetch(`${running.baseUrl}/healthz`)).status).toBe(200);
      expect((await fetch(`${running.baseUrl}/readyz`)).status).toBe(503);

      let turnArrived!: () => void;
      const arrived = new Promise<void>((resolve) => (turnArrived = resolve));
      running.app.adapter.use(async (_context, next) => {
        turnArrived();
        await next();
      });
      const activity = teamsActivity(running.connector.serviceUrl, { text: 'help', conversationId: 'conv-early' });
      const answer = postJson(`${running.baseUrl}/api/messages`, activity);
      await arrived;
      expect((await fetch(`${running.baseUrl}/readyz`)).status).toBe(503);
      expect(running.connector.calls).toEqual([]);

      held.release();
      expect((await answer).status).toBe(200);
      const [call] = await running.connector.waitForCalls(1);
      expect(call?.path).toBe(`/v3/conversations/conv-early/activities/${encodeURIComponent(String(activity.id))}`);
      const card = (call?.body.attachments as Array<{ content: Record<string, unknown> }>)[0]?.content ?? {};
      expect(JSON.stringify(card)).toContain('What I can do');
      expect(cardProblems(card)).toEqual([]);
      expect((await fetch(`${running.baseUrl}/readyz`)).status).toBe(200);
    } finally {
      held.release();
      await running.stop();
    }
  });

  it('runs background jobs asked for before the bot is built, once it is', async () => {
    const held = heldBackBotModule();
    const running = await startTestApp({}, { loadBotModule: held.loadBotModule });
    try {
      let ran = false;
      const jobs = running.app.runBackgroundJobs().then(() => (ran = true));
      await held.loadRequested;
      expect(ran).toBe(false);
      held.release();
      await jobs;
      expect(ran).toBe(true);
    } finally {
      held.release();
      await running.stop();
    }
  });

  it('closes while the bot is still being built: the close waits for it, then gives the store up', () =>
    withTempDir(async (storageDir) => {
      const config = loadConfig({ LOG_LEVEL: 'silent', STORAGE_DIR: storageDir, PORT: '0' });
      const held = heldBackBotModule();
      const app = await createApp(config, { logger: createLogger('silent'), loadBotModule: held.loadBotModule });
      await app.listen(0, '127.0.0.1');
      await held.loadRequested;
      const closing = app.close(1000);
      await expect(createApp(config, { logger: createLogger('silent') })).rejects.toThrow(StorageLockedError);
      held.release();
      expect(await closing).toEqual({ drained: true });
      await app.turnsLoaded();

      const again = await createApp(config, { logger: createLogger('silent') });
      await again.close(1000);
    }));
});
