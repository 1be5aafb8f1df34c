import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { startAzurite, type Azurite } from '../support/azurite.js';
import { playground, postJson, teamsActivity } from '../support/botClient.js';
import { findIn } from '../support/cardSearch.js';
import type { ConnectorCall } from '../support/fakeConnector.js';
import { sayOver, startTestApp, type RunningApp } from '../support/testApp.js';

type Person = { id: string; name: string; aadObjectId: string };

/** Background jobs are driven by the test (`runBackgroundJobs`), never by their timers. */
const env = { SEAT_REQUEST_CHECK_SECONDS: '86400' };
const approvalsChat = 'group-approvers';

/** What the bot sent as a plain message (first text of the calls). */
const textOf = (calls: ConnectorCall[]): string => calls.map((call) => (call.body as { text?: string }).text ?? '').join('\n');

/** A message in the approvers' group chat, where "send approvals here" is allowed. */
async function sayInGroup(app: RunningApp, text: string, from: Person): Promise<ConnectorCall[]> {
  const before = app.connector.calls.length;
  const activity = teamsActivity(app.connector.serviceUrl, {
    text,
    from,
    extra: { conversation: { id: approvalsChat, conversationType: 'groupChat', tenantId: playground.tenantId } },
  });
  const response = await postJson(`${app.baseUrl}/api/messages`, activity);
  if (response.status !== 200) throw new Error(`The bot answered ${response.status} to "${text}"`);
  await new Promise((resolve) => setTimeout(resolve, 50));
  return app.connector.calls.slice(before);
}

/** Digests the bot posted on its own into the approvals chat. */
const digestsIn = (calls: ConnectorCall[]) =>
  calls.filter((call) => call.method === 'POST' && call.path.startsWith(`/v3/conversations/${approvalsChat}/activities`) && JSON.stringify(call.body).includes('Monthly cost digest: contoso-web'));

describe('the monthly cost digest through the real server (sandbox, lowdb store)', () => {
  let clock: Date;
  let app: RunningApp;
  const start = (storageDir?: string) => startTestApp({ ...env, ...(storageDir ? { STORAGE_DIR: storageDir } : {}) }, { now: () => clock });

  beforeEach(async () => {
    clock = new Date('2026-11-10T10:00:00.000Z');
    app = await start();
  });
  afterEach(async () => app.stop());

  it('refuses people who may not approve seats, saying who can, and changes nothing', async () => {
    const refused = textOf(await sayOver(app, 'send a monthly cost digest for contoso-web', playground.megan, 'personal-megan'));
    expect(refused).toContain('Only a Project Collection Administrator of contoso-web or one of my configured approvers');
    expect(refused).toContain('Nothing was changed.');
    const stopRefused = textOf(await sayOver(app, 'stop the cost digest for contoso-web', playground.megan, 'personal-megan'));
    expect(stopRefused).toContain('Only a Project Collection Administrator of contoso-web');
    const status = await sayOver(app, 'cost digest status', playground.alex, 'personal-alex');
    expect(JSON.stringify(status)).toContain('No cost digest is set up for your organizations.');
  });

  it('opts in, says there is no approvals conversation yet and how to set one, and reports its status', async () => {
    const started = textOf(await sayOver(app, 'send a monthly cost digest for contoso-web', playground.alex, 'personal-alex'));
    expect(started).toContain('From now on I post a cost digest for contoso-web on the 1st of every month at 09:00 UTC');
    expect(started).toContain('The first one comes 2026-12-01 09:00 UTC');
    expect(started).toContain('no approvals conversation is set for contoso-web yet');
    expect(started).toContain('**send approvals here for contoso-web**');

    await sayInGroup(app, 'send approvals here for contoso-web', playground.alex);
    const again = textOf(await sayOver(app, 'please send the cost digest for contoso-web after 60 days', playground.alex, 'personal-alex'));
    expect(again).toContain('now lists people who hold a paid access level but have not signed in for more than 60 days');
    expect(again).toContain("It goes to the conversation where contoso-web's seat approvals are posted.");

    const status = JSON.stringify(await sayOver(app, 'cost digest status', playground.alex, 'personal-alex'));
    expect(status).toContain('contoso-web: on, next 2026-12-01 09:00 UTC');
    expect(status).toContain('inactive for more than 60 days');

    const stopped = textOf(await sayOver(app, 'stop the cost digest for contoso-web', playground.alex, 'personal-alex'));
    expect(stopped).toContain('The cost digest for contoso-web is stopped');
    expect(textOf(await sayOver(app, 'stop the cost digest for contoso-web', playground.alex, 'personal-alex'))).toContain('No cost digest is running for contoso-web');
    expect(JSON.stringify(await sayOver(app, 'cost digest status', playground.alex, 'personal-alex'))).toContain('contoso-web: stopped');
  });

  it('persists the schedule across a restart and sends each digest once; a missed run is sent once on start, not once per month', async () => {
    await sayOver(app, 'send a monthly cost digest for contoso-web', playground.alex, 'personal-alex');
    await sayInGroup(app, 'send approvals here for contoso-web', playground.alex);
    const before = app.connector.calls.length;

    await app.app.runBackgroundJobs();
    expect(digestsIn(app.connector.calls.slice(before))).toEqual([]);

    clock = new Date('2026-12-01T09:00:30.000Z');
    await Promise.all([app.app.runBackgroundJobs(), app.app.runBackgroundJobs()]);
    await app.app.runBackgroundJobs();
    const december = digestsIn(app.connector.calls.slice(before));
    expect(december).toHaveLength(1);
    const card = december[0]?.body;
    expect(JSON.stringify(card)).toContain('Grady Archie');
    expect(findIn(card, (record) => record.type === 'Action.Submit' && record.title === 'Review in a cost sweep')[0]?.data).toEqual({ command: 'cost sweep for contoso-web' });

    // Restart on the same store: the schedule survives, December's digest is not sent again.
    const { storageDir } = app;
    await app.app.close(1000);
    await app.connector.close();
    app = await start(storageDir);
    // The restarted test app has a new fake connector; a message in the approvals chat points its reference there.
    await sayInGroup(app, 'hi', playground.megan);
    await app.app.runBackgroundJobs();
    expect(digestsIn(app.connector.calls)).toEqual([]);
    expect(JSON.stringify(await sayOver(app, 'cost digest status', playground.alex, 'personal-alex'))).toContain('last digest posted 2026-12-01 09:00 UTC');

    // Down through January, February and March: one digest when the bot is back, then April's at its time.
    clock = new Date('2027-03-15T16:00:00.000Z');
    await app.app.runBackgroundJobs();
    await app.app.runBackgroundJobs();
    expect(digestsIn(app.connector.calls)).toHaveLength(1);
    expect(JSON.stringify(await sayOver(app, 'cost digest status', playground.alex, 'personal-alex'))).toContain('contoso-web: on, next 2027-04-01 09:00 UTC');

    await sayOver(app, 'stop the cost digest for contoso-web', playground.alex, 'personal-alex');
    clock = new Date('2027-04-01T09:00:00.000Z');
    await app.app.runBackgroundJobs();
    expect(digestsIn(app.connector.calls)).toHaveLength(1);
  });
});

describe('two bot instances sharing one Azure Table store (Azurite)', () => {
  let azurite: Azurite | undefined;
  let clock: Date;
  const instances: RunningApp[] = [];

  beforeAll(async () => {
    clock = new Date('2026-11-10T10:00:00.000Z');
    azurite = await startAzurite();
    const shared = { ...env, STORAGE: 'azure', AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString, AZURE_STORAGE_TABLE_PREFIX: 'digest' };
    for (let i = 0; i < 2; i += 1) instances.push(await startTestApp(shared, { now: () => clock }));
  });
  afterAll(async () => {
    for (const running of instances) await running.stop();
    await azurite?.stop();
  });

  it('sends a due digest once however many runs of both instances race for it, and again only next month', async () => {
    const [a, b] = instances as [RunningApp, RunningApp];
    await sayOver(a, 'send a monthly cost digest for contoso-web', playground.alex, 'personal-alex');
    await sayInGroup(b, 'send approvals here for contoso-web', playground.alex);
    const posted = () => digestsIn([...a.connector.calls, ...b.connector.calls]);

    clock = new Date('2026-12-01T09:00:00.000Z');
    await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? a : b).app.runBackgroundJobs()));
    expect(posted()).toHaveLength(1);

    clock = new Date('2026-12-31T23:59:59.000Z');
    await Promise.all([a.app.runBackgroundJobs(), b.app.runBackgroundJobs()]);
    expect(posted()).toHaveLength(1);

    clock = new Date('2027-01-01T09:00:05.000Z');
    await Promise.all(Array.from({ length: 6 }, (_, i) => (i % 2 === 0 ? a : b).app.runBackgroundJobs()));
    expect(posted()).toHaveLength(2);
  });
});
