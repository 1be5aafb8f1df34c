import { describe, expect, it } from '@jest/globals';
import { MemoryStorage } from 'botbuilder';
import type { AzureBackend, Caller } from '../../src/azure/ports.js';
import { createSandboxBackend, loadSandboxSeed } from '../../src/azure/sandbox/sandboxBackend.js';
import { createLogger } from '../../src/logger.js';
import { guardAzureReads, TurnBudget } from '../../src/services/azureReads.js';
import { BillingNotAllowedError, BillingSetupService } from '../../src/services/billingSetup.js';
import type { AuditLog, AuditRecord } from '../../src/services/audit.js';
import { playground } from '../support/botClient.js';
import { capturingLogger } from '../support/capturingLogger.js';
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

    const linking = service.link(alex, { organization, subscriptionId: subscriptions.payAsYouGo.id, confirmedSubscriptionId: null });
    await expect(linking).rejects.toBeInstanceOf(BillingNotAllowedError);
    await expect(linking).rejects.toMatchObject({ blockers: [expect.objectContaining({ code: 'subscription_disabled' })] });
    expect(await backend.arm.getBillingLink(alex, organization)).toBeNull();
  });

  it('reports a successful link even when the audit file fails, and keeps the record in the log', async () => {
    const { logger, entries } = capturingLogger();
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

    const outcome = await service.link(alex, {
      organization,
      subscriptionId: subscriptions.payAsYouGo.id,
      confirmedSubscriptionId: null,
      correlationId: 'turn-1',
    });
    expect(outcome).toMatchObject({ kind: 'linked', link: { subscriptionId: subscriptions.payAsYouGo.id } });
    expect(entries()).toContainEqual(
      expect.objectContaining({
        level: 50,
        auditRecord: expect.objectContaining({ action: 'billing.link', newSubscriptionId: subscriptions.payAsYouGo.id, correlationId: 'turn-1' }),
      }),
    );
  });

  it.each([
    { name: 'with the user\'s single sign-on token, as the user', caller: { ...alex, ssoToken: 'sso-token' }, actedAs: 'user' },
    { name: 'without one, as the app', caller: alex, actedAs: 'app' },
  ])('audits which identity acted: $name', async ({ caller, actedAs }) => {
    const audit = new MemoryAudit();
    const service = new BillingSetupService({ backend: sandbox(), audit, logger: createLogger('silent'), now: () => new Date() });
    const organization = (await service.organizations(caller)).find((o) => o.name === 'contoso-mobile');
    if (!organization) throw new Error('seed changed: contoso-mobile missing');

    await service.link(caller, { organization, subscriptionId: subscriptions.payAsYouGo.id, confirmedSubscriptionId: null });

    expect(audit.records).toEqual([expect.objectContaining({ action: 'billing.link', actedAs })]);
  });

  describe('when someone else changed billing after the user confirmed', () => {
    async function setUp() {
      const backend = sandbox();
      const service = new BillingSetupService({ backend, audit: new MemoryAudit(), logger: createLogger('silent'), now: () => new Date() });
      const organizations = await service.organizations(alex);
      const byName = (name: string) => {
        const organization = organizations.find((o) => o.name === name);
        if (!organization) throw new Error(`seed changed: ${name} missing`);
        return organization;
      };
      return { backend, service, web: byName('contoso-web'), mobile: byName('contoso-mobile') };
    }

    it('refuses a removal confirmed against another subscription and removes nothing', async () => {
      const { backend, service, web } = await setUp();
      await backend.arm.linkBilling(alex, web, subscriptions.enterpriseAgreement.id);
      await expect(service.remove(alex, { organization: web, confirmedSubscriptionId: subscriptions.payAsYouGo.id })).rejects.toThrow(
        /changed after you confirmed: it is now billed to subscription b7b9339e/,
      );
      expect((await backend.arm.getBillingLink(alex, web))?.subscriptionId).toBe(subscriptions.enterpriseAgreement.id);
    });

    it('refuses a change confirmed against another subscription', async () => {
      const { backend, service, web } = await setUp();
      await backend.arm.removeBilling(alex, web);
      const change = service.link(alex, {
        organization: web,
        subscriptionId: subscriptions.enterpriseAgreement.id,
        confirmedSubscriptionId: subscriptions.payAsYouGo.id,
      });
      await expect(change).rejects.toThrow(/changed after you confirmed: it is now not set up/);
      expect(await backend.arm.getBillingLink(alex, web)).toBeNull();
    });

    it('reports "unchanged" when billing already points where the user wanted, and audits nothing', async () => {
      const { backend, mobile } = await setUp();
      const audit = new MemoryAudit();
      const service = new BillingSetupService({ backend, audit, logger: createLogger('silent'), now: () => new Date() });
      await backend.arm.linkBilling(alex, mobile, subscriptions.payAsYouGo.id);
      const outcome = await service.link(alex, { organization: mobile, subscriptionId: subscriptions.payAsYouGo.id, confirmedSubscriptionId: null });
      expect(outcome.kind).toBe('unchanged');
      expect(audit.records).toEqual([]);
    });

    it('reports "already removed" when billing is gone', async () => {
      const { service, mobile } = await setUp();
      expect(await service.remove(alex, { organization: mobile, confirmedSubscriptionId: null })).toEqual({ kind: 'alreadyRemoved' });
    });
  });

  it('estimates what each organization pays for its users on the status', async () => {
    const service = new BillingSetupService({ backend: sandbox(), audit: new MemoryAudit(), logger: createLogger('silent'), now: () => new Date() });
    const web = (await service.status(alex)).find((s) => s.organization.name === 'contoso-web');
    expect(web?.cost).toMatchObject({ estimate: true, freeBasicUsersUsed: 5 });
    expect(web?.cost?.monthlyTotal).toBeGreaterThan(0);
  });

  describe('rights on the subscription that pays today', () => {
    /** contoso-research billed to a subscription only Megan holds a role on, as when its owner has left. */
    const billedToSomeoneElse = (): AzureBackend => {
      const seed = loadSandboxSeed();
      const research = seed.organizations.find((o) => o.name === 'contoso-research');
      if (!research?.billing) throw new Error('seed changed: contoso-research is not linked');
      research.billing.subscriptionId = subscriptions.noRole.id;
      return createSandboxBackend({ storage: new MemoryStorage(), seed });
    };
    const research = async (service: BillingSetupService) => {
      const organization = (await service.organizations(alex)).find((o) => o.name === 'contoso-research');
      if (!organization) throw new Error('seed changed: contoso-research missing');
      return organization;
    };

    it('changes billing with a role on the new subscription only, as the docs ask', async () => {
      const backend = billedToSomeoneElse();
      const service = new BillingSetupService({ backend, audit: new MemoryAudit(), logger: createLogger('silent'), now: () => new Date() });
      const organization = await research(service);
      const outcome = await service.link(alex, {
        organization,
        subscriptionId: subscriptions.payAsYouGo.id,
        confirmedSubscriptionId: subscriptions.noRole.id,
      });
      expect(outcome).toMatchObject({ kind: 'changed', previous: { subscriptionId: subscriptions.noRole.id } });
      expect(await backend.arm.getBillingLink(alex, organization)).toMatchObject({ subscriptionId: subscriptions.payAsYouGo.id });
    });

    it('tells before any confirm that removing through the bot needs a role where billing lives today', async () => {
      const service = new BillingSetupService({ backend: billedToSomeoneElse(), audit: new MemoryAudit(), logger: createLogger('silent'), now: () => new Date() });
      const check = await service.removalCheck(alex, await research(service));
      expect(check.link).toMatchObject({ subscriptionId: subscriptions.noRole.id });
      expect(check.decision).toMatchObject({ allowed: false, code: 'missing_role_for_bot_removal' });
    });
  });

  describe('multi-organization billing', () => {
    it('estimates the organizations on a multi-organization subscription together', async () => {
      const backend = sandbox();
      const service = new BillingSetupService({ backend, audit: new MemoryAudit(), logger: createLogger('silent'), now: () => new Date() });
      const mobile = (await service.organizations(alex)).find((o) => o.name === 'contoso-mobile');
      if (!mobile) throw new Error('seed changed: contoso-mobile missing');
      await backend.arm.linkBilling(alex, mobile, subscriptions.payAsYouGo.id);

      const statuses = await service.status(alex);
      const web = statuses.find((s) => s.organization.name === 'contoso-web');
      const mobileStatus = statuses.find((s) => s.organization.name === 'contoso-mobile');
      expect(web).toMatchObject({ multiOrganizationBilling: true, sharedWith: ['contoso-web', 'contoso-mobile'] });
      // One grant of 5 for both: web's 7 Basic use it up (2 paid) plus Basic + Test Plans; in mobile Alex is
      // already paid in web, the 2 others are paid.
      expect(web?.cost).toMatchObject({ multiOrganizationBilling: true, freeBasicUsersUsed: 5, monthlyTotal: 4 * 6 + 52 });
      expect(mobileStatus?.cost?.byOrganization).toEqual([
        { organization: 'contoso-web', monthly: 2 * 6 + 52 },
        { organization: 'contoso-mobile', monthly: 2 * 6 },
      ]);
    });

    it('gives one organization (a Refresh) exactly its row of the whole status, shared grant or not', async () => {
      const backend = sandbox();
      const service = new BillingSetupService({ backend, audit: new MemoryAudit(), logger: createLogger('silent'), now: () => new Date() });
      const mobile = (await service.organizations(alex)).find((o) => o.name === 'contoso-mobile');
      if (!mobile) throw new Error('seed changed: contoso-mobile missing');
      for (const linkMobile of [false, true]) {
        if (linkMobile) await backend.arm.linkBilling(alex, mobile, subscriptions.payAsYouGo.id);
        const all = await service.status(alex);
        expect(all.length).toBeGreaterThanOrEqual(3);
        for (const row of all) expect(await service.statusOf(alex, row.organization.id)).toEqual(row);
      }
      expect(await service.statusOf(alex, 'not-an-organization-of-alex')).toBeUndefined();
    });

    it('prices from the users Azure DevOps holds now, not from a list priced earlier (read cache on)', async () => {
      const now = () => new Date();
      const backend = guardAzureReads(sandbox(), { budget: new TurnBudget({ budgetMs: 60_000, now }), cacheMs: 60_000, now });
      const service = new BillingSetupService({ backend, audit: new MemoryAudit(), logger: createLogger('silent'), now });
      const research = (await service.organizations(alex)).find((o) => o.name === 'contoso-research');
      if (!research) throw new Error('seed changed: contoso-research missing');
      const before = await service.statusOf(alex, research.id);
      expect(await service.statusOf(alex, research.id)).toEqual(before);
      const stakeholder = (await backend.devops.listUserEntitlements(alex, research)).find((user) => user.accessLevel.accountLicenseType === 'stakeholder');
      if (!stakeholder) throw new Error('seed changed: contoso-research has no Stakeholder');
      await backend.devops.changeAccessLevel(alex, research, stakeholder.id, { accountLicenseType: 'advanced' });
      const after = await service.statusOf(alex, research.id);
      expect(after?.cost?.lines.find((line) => line.principalName === stakeholder.principalName)).toMatchObject({ level: 'basicTestPlans' });
      expect(after?.cost?.monthlyTotal).toBeGreaterThan(before?.cost?.monthlyTotal ?? Infinity);
    });

    it('reads the users of only the organizations a Refresh needs', async () => {
      const backend = sandbox();
      const service = new BillingSetupService({ backend, audit: new MemoryAudit(), logger: createLogger('silent'), now: () => new Date() });
      const listed: string[] = [];
      const list = backend.devops.listUserEntitlements.bind(backend.devops);
      backend.devops.listUserEntitlements = async (caller, organization, purpose) => {
        listed.push(organization.name);
        return list(caller, organization, purpose);
      };
      const organizations = await service.organizations(alex);
      const idOf = (name: string) => organizations.find((o) => o.name === name)?.id ?? name;
      await service.statusOf(alex, idOf('contoso-research'));
      expect(listed).toEqual(['contoso-research']);
      listed.length = 0;
      // contoso-web's subscription uses multi-organization billing, and no other organization of Alex's is on it.
      expect(await service.statusOf(alex, idOf('contoso-web'))).toMatchObject({ sharedWith: ['contoso-web'] });
      expect(listed).toEqual(['contoso-web']);
    });

    it('computes the cost effect of linking into a shared free grant', async () => {
      const service = new BillingSetupService({ backend: sandbox(), audit: new MemoryAudit(), logger: createLogger('silent'), now: () => new Date() });
      const mobile = (await service.organizations(alex)).find((o) => o.name === 'contoso-mobile');
      if (!mobile) throw new Error('seed changed: contoso-mobile missing');
      expect(await service.linkingEffect(alex, mobile, subscriptions.payAsYouGo.id)).toMatchObject({ known: true, monthlyDelta: 12 });
      expect(await service.linkingEffect(alex, mobile, subscriptions.enterpriseAgreement.id)).toMatchObject({ known: true, monthlyDelta: 0 });
    });
  });

  it('counts GitHub Enterprise users as free and charges service principals', async () => {
    const joniInSeed = loadSandboxSeed().users.find((u) => u.principalName.startsWith('joni.sherman'));
    if (!joniInSeed) throw new Error('seed changed: Joni Sherman missing');
    const joni: Caller = { aadObjectId: joniInSeed.aadObjectId, tenantId: joniInSeed.tenantId };
    const service = new BillingSetupService({ backend: sandbox(), audit: new MemoryAudit(), logger: createLogger('silent'), now: () => new Date() });
    const fabrikam = (await service.status(joni)).find((s) => s.organization.name === 'fabrikam-partners');
    const lines = fabrikam?.cost?.lines ?? [];
    expect(lines.find((line) => line.principalName.startsWith('mona.kane'))).toMatchObject({ monthly: 0, basis: 'github_enterprise' });
    expect(lines.find((line) => line.principalName.startsWith('release-pipeline'))).toMatchObject({ level: 'basic' });
  });
});
