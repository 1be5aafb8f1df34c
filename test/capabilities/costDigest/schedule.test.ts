import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { MemoryStorage } from 'botbuilder';
import { AzureError, type AzureBackend, type Caller } from '../../../src/azure/ports.js';
import { createSandboxBackend, loadSandboxSeed } from '../../../src/azure/sandbox/sandboxBackend.js';
import { ConversationReferenceStore } from '../../../src/bot/conversationReferences.js';
import { sendDueDigests } from '../../../src/capabilities/costDigest/schedule.js';
import { ApprovalChannels } from '../../../src/capabilities/seatRequests/approvalChannels.js';
import { CardRenderer } from '../../../src/cards/renderer.js';
import { createLogger } from '../../../src/logger.js';
import { cardsDir } from '../../../src/paths.js';
import { CostDigestService } from '../../../src/services/costDigest.js';
import { StorageCostDigestRepository } from '../../../src/storage/costDigestStore.js';
import { JsonFileStorage } from '../../../src/storage/jsonFileStorage.js';
import { cardBytes, cardProblems } from '../../support/adaptiveCards.js';
import { playground } from '../../support/botClient.js';
import { findIn } from '../../support/cardSearch.js';
import { RecordingMessenger } from '../../support/recordingMessenger.js';

const tenantId = playground.tenantId;
const alex: Caller = { aadObjectId: playground.alex.aadObjectId, tenantId, displayName: 'Alex Wilber' };
const megan: Caller = { aadObjectId: playground.megan.aadObjectId, tenantId, displayName: 'Megan Bowen' };
const contosoWebId = '92ed1254-d205-48e1-b839-9fac3e829e8b';

describe('monthly cost digests, sent by the background job', () => {
  let dir: string;
  let clock: Date;
  let backend: AzureBackend;
  let settings: MemoryStorage;
  let referencesStorage: MemoryStorage;
  let proactive: RecordingMessenger;

  const open = async (approverIds: string[] = []) => {
    const service = new CostDigestService({
      backend,
      repository: new StorageCostDigestRepository(await JsonFileStorage.open(join(dir, 'cost-digests.json'))),
      approverIds,
      now: () => clock,
    });
    const channels = new ApprovalChannels(settings);
    const references = new ConversationReferenceStore(referencesStorage);
    const send = () =>
      sendDueDigests({ service, channels, references, proactive, cards: new CardRenderer({ cardsDir }), logger: createLogger('silent'), now: () => clock });
    return { service, channels, references, send };
  };

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cost-digests-'));
    clock = new Date('2026-11-10T10:00:00.000Z');
    backend = createSandboxBackend({ storage: new MemoryStorage(), seed: loadSandboxSeed() });
    settings = new MemoryStorage();
    referencesStorage = new MemoryStorage();
    proactive = new RecordingMessenger();
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  it('posts a valid card to the approvals chat with the candidates, the saving and the sweep button', async () => {
    const bot = await open();
    expect(await bot.service.start(alex, { organizationName: 'contoso-web' })).toMatchObject({ kind: 'started' });
    await bot.channels.set(contosoWebId, 'group-approvers', alex.aadObjectId, clock.toISOString());
    await bot.references.save({ conversation: { id: 'group-approvers', conversationType: 'groupChat', isGroup: true, name: '' }, serviceUrl: 'https://smba.example/' });

    clock = new Date('2026-12-01T09:00:00.000Z');
    await bot.send();
    const [sent] = proactive.sentTo('group-approvers');
    const card = sent?.activity.attachments?.[0]?.content as Record<string, unknown>;
    expect(cardProblems(card)).toEqual([]);
    expect(cardBytes(card)).toBeLessThanOrEqual(28 * 1024);
    const text = JSON.stringify(card);
    expect(text).toContain('Monthly cost digest: contoso-web');
    expect(text).toContain('Grady Archie (gradya@example.com)');
    expect(text).toContain('about $6 a month (estimate)');
    expect(findIn(card, (record) => record.type === 'Action.Submit')[0]?.data).toEqual({ command: 'cost sweep for contoso-web' });
    expect((await bot.service.status(alex))[0]?.lastRun).toMatchObject({ dueAt: '2026-12-01T09:00:00.000Z', outcome: 'sent' });
  });

  it('records why a digest could not go out (no approvals chat; Azure refused) and tries again only next month', async () => {
    const bot = await open();
    await bot.service.start(alex, { organizationName: 'contoso-web' });
    clock = new Date('2026-12-01T09:00:00.000Z');
    await bot.send();
    expect(proactive.calls).toEqual([]);
    expect((await bot.service.status(alex))[0]?.lastRun).toMatchObject({ outcome: 'failed', detail: expect.stringContaining('no approvals conversation is set') });

    await bot.channels.set(contosoWebId, 'group-approvers', alex.aadObjectId, clock.toISOString());
    await bot.references.save({ conversation: { id: 'group-approvers', conversationType: 'groupChat', isGroup: true, name: '' }, serviceUrl: 'https://smba.example/' });
    backend.devops.listUserEntitlements = async () => {
      throw new AzureError('throttled', 'Azure DevOps is busy; try again in a few minutes.');
    };
    await bot.send();
    expect(proactive.calls).toEqual([]);

    clock = new Date('2027-01-01T09:00:00.000Z');
    await bot.send();
    expect(proactive.calls).toEqual([]);
    expect((await bot.service.status(alex))[0]?.lastRun).toEqual({
      dueAt: '2027-01-01T09:00:00.000Z',
      claimedAt: '2027-01-01T09:00:00.000Z',
      outcome: 'failed',
      detail: 'Azure DevOps is busy; try again in a few minutes.',
    });
  });

  it('posts nothing once "stop the cost digest" has been answered, even if the run was claimed just before', async () => {
    const bot = await open();
    expect(await bot.service.start(alex, { organizationName: 'contoso-web' })).toMatchObject({ kind: 'started' });
    await bot.channels.set(contosoWebId, 'group-approvers', alex.aadObjectId, clock.toISOString());
    await bot.references.save({ conversation: { id: 'group-approvers', conversationType: 'groupChat', isGroup: true, name: '' }, serviceUrl: 'https://smba.example/' });
    const readUsers = backend.devops.listUserEntitlements.bind(backend.devops);
    let stopAnswer: unknown;
    backend.devops.listUserEntitlements = async (caller, organization, purpose) => {
      // The admin's "stop the cost digest for contoso-web" arrives while the claimed digest reads the users.
      stopAnswer ??= await bot.service.stop(alex, { organizationName: 'contoso-web' });
      return readUsers(caller, organization, purpose);
    };

    clock = new Date('2026-12-01T09:00:00.000Z');
    await bot.send();
    // The admin was told "I will post no more"; a digest then appearing in the channel would contradict it.
    expect(stopAnswer).toMatchObject({ kind: 'stopped' });
    expect(proactive.sentTo('group-approvers')).toEqual([]);
    expect((await bot.service.status(alex))[0]).toMatchObject({
      active: false,
      lastRun: { dueAt: '2026-12-01T09:00:00.000Z', outcome: 'failed', detail: expect.stringContaining('stopped while it was being prepared') },
    });
  });

  it('lets a configured approver who administers nothing start a digest, and refuses a period the sweep rule refuses', async () => {
    const bot = await open([megan.aadObjectId]);
    expect(await bot.service.start(megan, { organizationName: 'contoso-web', inactiveDays: 0 })).toMatchObject({ kind: 'invalid', message: expect.stringContaining('from 1 to 3650') });
    expect(await bot.service.start(megan, { organizationName: 'contoso-web', inactiveDays: 14 })).toMatchObject({
      kind: 'started',
      schedule: { subscriber: { aadObjectId: megan.aadObjectId }, inactiveDays: 14, nextRunAt: '2026-12-01T09:00:00.000Z' },
    });
    expect(await (await open()).service.start(megan, { organizationName: 'contoso-web' })).toMatchObject({ kind: 'not_allowed' });
  });
});
