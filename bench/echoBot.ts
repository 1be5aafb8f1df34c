import {
  ActivityTypes,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  TeamsActivityHandler,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';
import restify from 'restify';

/**
 * The floor of this stack for `npm run bench`: restify + CloudAdapter + TeamsActivityHandler, configured and started
 * the way `src/index.ts` starts the bot (PORT, HOST, no app id), doing the least a bot can do. A message gets one
 * reply through the connector ("Echo: <text>"); an `Action.Execute` invoke gets a one-line card in the HTTP response.
 * Whatever the bot costs above this is the bot's own work.
 */
class EchoBot extends TeamsActivityHandler {
  constructor() {
    super();
    this.onMessage(async (context, next) => {
      await context.sendActivity(`Echo: ${context.activity.text ?? ''}`);
      await next();
    });
  }

  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    if (context.activity.name !== 'adaptiveCard/action') return super.onInvokeActivity(context);
    return {
      status: 200,
      body: {
        statusCode: 200,
        type: 'application/vnd.microsoft.card.adaptive',
        value: { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'Echo: refreshed', wrap: true }] },
      },
    };
  }
}

const adapter = new CloudAdapter(
  new ConfigurationBotFrameworkAuthentication({ MicrosoftAppId: '', MicrosoftAppPassword: '', MicrosoftAppType: 'MultiTenant', MicrosoftAppTenantId: '' }),
);
adapter.onTurnError = async (context, error) => {
  console.error('echo bot turn failed:', error);
  if (context.activity.type === ActivityTypes.Message) await context.sendActivity('The echo bot failed.');
};
const bot = new EchoBot();

const server = restify.createServer({ name: 'echo-bot', handleUncaughtExceptions: false });
server.get('/healthz', (_req, res, next) => {
  res.send(200, { status: 'ok' });
  return next();
});
server.post(
  '/api/messages',
  restify.plugins.bodyParser({ maxBodySize: 1024 * 1024, mapParams: false, mapFiles: false }),
  async (req, res) => {
    await adapter.process(req, res, (context) => bot.run(context));
  },
);

// The bench stops it between phases; nothing is in flight then.
process.on('SIGTERM', () => process.exit(0));
const port = Number(process.env.PORT ?? 3979);
server.listen(port, '127.0.0.1', () => console.log(`echo bot listening on http://127.0.0.1:${port}/api/messages`));
