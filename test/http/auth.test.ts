import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type TurnContext } from 'botbuilder';
import { createLogger } from '../../src/logger.js';
import { createBotServer, type BotServer } from '../../src/server.js';
import { postJson, teamsActivity } from '../support/botClient.js';
import { startTestApp, type RunningApp } from '../support/testApp.js';

const appCredentials = {
  MicrosoftAppId: '2f1c8a4e-5d7b-4c1a-9e3f-6b8d0a2c4e61',
  MicrosoftAppPassword: 'not-a-real-secret',
};

describe('Bot Framework authentication', () => {
  let server: BotServer;
  let baseUrl: string;
  const logic = jest.fn(async (_context: TurnContext) => undefined);

  beforeAll(async () => {
    const adapter = new CloudAdapter(
      new ConfigurationBotFrameworkAuthentication({ ...appCredentials, MicrosoftAppType: 'MultiTenant' }),
    );
    server = createBotServer({
      adapter,
      logic,
      logger: createLogger('silent'),
      maxBodyBytes: 1024 * 1024,
      isReady: async () => true,
    });
    const { port } = await server.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${port}`;
  });
  afterAll(() => server.close(1000));

  it.each([
    ['no Authorization header', {}],
    ['a forged bearer token', { Authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJhdWQiOiJ4In0.' }],
  ])('answers 401 to a request with %s and never runs the bot', async (_case, headers) => {
    const response = await postJson(`${baseUrl}/api/messages`, teamsActivity('https://smba.trafficmanager.net/amer/', { text: 'help' }), headers);
    expect(response.status).toBe(401);
    expect(logic).not.toHaveBeenCalled();
  });
});

describe('the whole app with MicrosoftAppId set', () => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await startTestApp(appCredentials);
  });
  afterAll(() => running.stop());

  it('refuses an unsigned message and sends nothing', async () => {
    const response = await postJson(`${running.baseUrl}/api/messages`, teamsActivity(running.connector.serviceUrl, { text: 'help' }));
    expect(response.status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(running.connector.calls).toHaveLength(0);
  });
});
