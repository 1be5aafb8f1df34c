import { describe, expect, it, jest } from '@jest/globals';
import { cardProblems } from '../support/adaptiveCards.js';
import { postJson, teamsActivity } from '../support/botClient.js';
import { startBotProcess } from '../support/botProcess.js';
import { FakeConnector } from '../support/fakeConnector.js';
import { withTempDir } from '../support/tempDir.js';

describe('cold start of the bot process: /healthz before the bot is built, no turn lost to it', () => {
  jest.setTimeout(60_000);

  it('answers the first turn sent as soon as /healthz does with its full card, then reports ready', () =>
    withTempDir(async (dir) => {
      const connector = await FakeConnector.start();
      const bot = startBotProcess({ STORAGE_DIR: dir, BACKEND: 'sandbox' });
      try {
        const baseUrl = await bot.listening;
        expect((await fetch(`${baseUrl}/healthz`)).status).toBe(200);
        const questionActivity = teamsActivity(connector.serviceUrl, {
          text: 'Is the Azure free trial supported for billing?',
          conversationId: 'conv-cold-question',
        });
        const helpActivity = teamsActivity(connector.serviceUrl, { text: 'help', conversationId: 'conv-cold-help' });
        const answers = await Promise.all([
          postJson(`${baseUrl}/api/messages`, helpActivity),
          postJson(`${baseUrl}/api/messages`, questionActivity),
        ]);
        expect(answers.map((answer) => answer.status)).toEqual([200, 200]);

        const calls = await connector.waitForCalls(2);
        const cardOf = (conversation: string) => {
          const call = calls.find((candidate) => candidate.path.startsWith(`/v3/conversations/${conversation}/`));
          return (call?.body.attachments as Array<{ content: Record<string, unknown> }> | undefined)?.[0]?.content ?? {};
        };
        expect(JSON.stringify(cardOf('conv-cold-help'))).toContain('What I can do');
        expect(JSON.stringify(cardOf('conv-cold-question'))).toMatch(/not supported/i);
        expect(cardProblems(cardOf('conv-cold-help'))).toEqual([]);
        expect(cardProblems(cardOf('conv-cold-question'))).toEqual([]);

        await bot.waitForOutput('ready to answer turns');
        expect((await fetch(`${baseUrl}/readyz`)).status).toBe(200);
        expect(bot.stdout()).not.toMatch(/"level":(50|60)/);
      } finally {
        bot.child.kill('SIGTERM');
        const exit = await bot.exited;
        await connector.close();
        expect(exit.code).toBe(0);
      }
    }));
});
