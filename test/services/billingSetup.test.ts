import { Writable } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import { MemoryStorage } from 'botbuilder';
import type { AzureBackend, Caller } from '../../src/azure/ports.js';
import { createSandboxBackend, loadSandboxSeed } from '../../src/azure/sandbox/sandboxBackend.js';
import { createLogger } from '../../src/logger.js';
import { BillingNotAllowedError, BillingSetupService } from '../../src/services/billingSetup.js';
import type { AuditLog, AuditRecord } from '../../src/storage/auditLog.js';
import { playground } from '../support/botClient.js';
import { subscriptions } from '../dialogs/seedIds.js';

const alex: Caller = { aadObjectId: playground.alex.aadObjectId, tenantId: playground.tenantId, displayName: 'Alex Wilber' };
const sandbox = (): AzureBackend => createSandboxBackend({ storage: new MemoryStorage(), seed: loadSandboxSeed() });

class MemoryAudit implements AuditLog {
  readonly records: AuditRecord[] = [];
  async append(record: AuditRecord): Promise<void> {
    this.records.push(record);
  }
  async readAll(): Promise<AuditRecord[]> {
    return this.records;
  }
}

function capturedLogger() {
  const lines: string[] = [];
  const logger = createLogger('info', new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) }));
  return { logger, entries: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('BillingSetupService', () => {
  it('re-checks the subscription at the moment of the change, not from what the picker showed', async () => {
    const backend = sandbox();
    const service = new BillingSetupService({ backend, audit: new MemoryAudit(), logger: createLogger('silent'), now: () => new Date() });
    const organization = (await service.organizations(alex)).find((o) => o.name === 'contoso-mobile');
    if (!organization) throw new Error('seed changed: contoso-mobile missing');
    expect((await service.choices(alex, organization)).eligible.map((o) => o.subscription.subscriptionId)).toContain(subscriptions.payAsYouGo.id);

    const list = backend.arm.listSubscriptions.bind(backend.arm);
    backend.arm.listSubscriptions = async (caller) =>
      (await list(caller)).map((s) => (s.subscriptionId === subscriptions.payAsYouGo.id ? { ...s, state: 'Disabled' } : s));

    const linking = service.link(alex, organization, subscriptions.payAsYouGo.id);
    await expect(linking).rejects.toBeInstanceOf(BillingNotAllowedError);
    await expect(linking).rejects.toMatchObject({ blockers: [expect.objectContaining({ code: 'subscription_disabled' })] });
    expect(await backend.arm.getBillingLink(alex, organization)).toBeNull();
  });

  it('reports a successful link even when the audit file fails, and keeps the record in the log', async () => {
    const { logger, entries } = capturedLogger();
    const failingAudit: AuditLog = {
      append: async () => {
        throw new Error('disk full');
      },
      readAll: async () => [],
    };
    const backend = sandbox();
    const service = new BillingSetupService({ backend, audit: failingAudit, logger, now: () => new Date('2026-11-25T10:00:00Z') });
    const organization = (await service.organizations(alex)).find((o) => o.name === 'contoso-mobile');
    if (!organization) throw new Error('seed changed: contoso-mobile missing');

    const { link } = await service.link(alex, organization, subscriptions.payAsYouGo.id, 'turn-1');
    expect(link.subscriptionId).toBe(subscriptions.payAsYouGo.id);
    expect(entries()).toContainEqual(
      expect.objectContaining({
        level: 50,
        auditRecord: expect.objectContaining({ action: 'billing.link', newSubscriptionId: subscriptions.payAsYouGo.id, correlationId: 'turn-1' }),
      }),
    );
  });

  it('estimates what each organization pays for its users on the status', async () => {
    const service = new BillingSetupService({ backend: sandbox(), audit: new MemoryAudit(), logger: createLogger('silent'), now: () => new Date() });
    const web = (await service.status(alex)).find((s) => s.organization.name === 'contoso-web');
    expect(web?.cost).toMatchObject({ estimate: true, freeBasicUsersUsed: 5 });
    expect(web?.cost?.monthlyTotal).toBeGreaterThan(0);
  });
});
