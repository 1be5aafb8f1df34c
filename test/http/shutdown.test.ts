import { describe, expect, it } from '@jest/globals';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { createLogger } from '../../src/logger.js';
import { createBotServer } from '../../src/server.js';
import { postJson, teamsActivity } from '../support/botClient.js';

describe('graceful shutdown', () => {
  it('finishes an in-flight turn before closing, then takes no new requests', async () => {
    let finished = false;
    let turnStarted: () => void = () => undefined;
    const started = new Promise<void>((resolve) => (turnStarted = resolve));
    const server = createBotServer({
      adapter: new CloudAdapter(new ConfigurationBotFrameworkAuthentication({})),
      logic: async () => {
        turnStarted();
        await new Promise((resolve) => setTimeout(resolve, 300));
        finished = true;
      },
      logger: createLogger('silent'),
      maxBodyBytes: 1024 * 1024,
      isReady: async () => true,
    });
    const { port } = await server.listen(0, '127.0.0.1');
    const baseUrl = `http://127.0.0.1:${port}`;

    const inFlight = postJson(`${baseUrl}/api/messages`, teamsActivity('http://127.0.0.1:9/', { type: 'typing' }));
    await started;
    const closing = server.close(5000);

    expect((await inFlight).status).toBe(200);
    expect(await closing).toEqual({ drained: true });
    expect(finished).toBe(true);
    await expect(fetch(`${baseUrl}/healthz`)).rejects.toThrow();
  });
});
