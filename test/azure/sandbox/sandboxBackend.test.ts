import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { MemoryStorage, type Storage, type StoreItems } from 'botbuilder';
import { AzureError, type AzureErrorCode, type OrganizationRef } from '../../../src/azure/ports.js';
import { createSandboxBackend, sandboxStorageKey } from '../../../src/azure/sandbox/sandboxBackend.js';
import { entitlementId } from '../../../src/azure/sandbox/tenantQueries.js';
import { SandboxTenantStore, type ETagReadableStorage } from '../../../src/azure/sandbox/tenantStore.js';
import { JsonFileStorage } from '../../../src/storage/jsonFileStorage.js';
import { withTempDir } from '../../support/tempDir.js';
import { callerFor, freshSandbox, orgs, people, sandboxOver, seed, subscriptions } from './sandboxFixtures.js';

const alex = callerFor(people.alex);
const fixedNow = new Date('2026-11-25T10:00:00.000Z');

type Backend = ReturnType<typeof sandboxOver>;

async function azureErrorOf(work: Promise<unknown>): Promise<AzureError> {
  try {
    await work;
  } catch (error) {
    if (error instanceof AzureError) return error;
    throw error;
  }
  throw new Error('expected an AzureError, but the call succeeded');
}

describe('billing link', () => {
  it('links, survives a new backend over the same store, and is removed', async () => {
    const { backend, storage } = freshSandbox(() => fixedNow);
    const link = await backend.arm.linkBilling(alex, orgs.mobile, subscriptions.payAsYouGo);
    expect(link).toEqual({
      organizationId: orgs.mobile.id,
      organizationName: 'contoso-mobile',
      subscriptionId: subscriptions.payAsYouGo,
      resourceGroup: 'VisualStudioOnline-D438ED892E774A5992EC51DA4922A6F3',
      linkedAt: fixedNow.toISOString(),
    });

    const restarted = sandboxOver(storage);
    await expect(restarted.arm.getBillingLink(alex, orgs.mobile)).resolves.toEqual(link);

    await restarted.arm.removeBilling(alex, orgs.mobile);
    await expect(sandboxOver(storage).arm.getBillingLink(alex, orgs.mobile)).resolves.toBeNull();
  });

  it('moves billing to another subscription, and relinking the same one keeps the original date', async () => {
    const { backend } = freshSandbox(() => fixedNow);
    const before = await backend.arm.getBillingLink(alex, orgs.research);
    await expect(backend.arm.linkBilling(alex, orgs.research, subscriptions.enterpriseAgreement)).resolves.toEqual(before);
    const moved = await backend.arm.linkBilling(alex, orgs.web, subscriptions.enterpriseAgreement);
    expect(moved).toMatchObject({ subscriptionId: subscriptions.enterpriseAgreement, linkedAt: fixedNow.toISOString() });
  });

  it('lets a Contributor who is a PCA link billing', async () => {
    const { backend } = freshSandbox();
    await backend.arm.removeBilling(alex, orgs.research);
    const adele = callerFor(people.adele);
    await expect(backend.arm.linkBilling(adele, orgs.research, subscriptions.enterpriseAgreement)).resolves.toMatchObject({
      subscriptionId: subscriptions.enterpriseAgreement,
    });
  });

  it('finds an organization by name when the id is not known', async () => {
    const { backend } = freshSandbox();
    await expect(backend.arm.getBillingLink(alex, { id: '', name: 'Contoso-Web' })).resolves.toMatchObject({
      subscriptionId: subscriptions.payAsYouGo,
    });
  });

  it('removing billing that is not set up is a no-op, as in ARM', async () => {
    const { backend } = freshSandbox();
    await expect(backend.arm.removeBilling(alex, orgs.mobile)).resolves.toBeUndefined();
  });

  const refusals: Array<{ case: string; who: string; org: OrganizationRef; subscriptionId: string; code: AzureErrorCode; message: RegExp }> = [
    { case: 'Free Trial', who: people.alex, org: orgs.mobile, subscriptionId: subscriptions.freeTrial, code: 'invalid_request', message: /Free Trial/ },
    { case: 'spending limit', who: people.alex, org: orgs.mobile, subscriptionId: subscriptions.visualStudioWithLimit, code: 'invalid_request', message: /spending limit/ },
    { case: 'disabled', who: people.alex, org: orgs.mobile, subscriptionId: subscriptions.disabled, code: 'invalid_request', message: /disabled/ },
    { case: 'other tenant', who: people.alex, org: orgs.mobile, subscriptionId: subscriptions.otherTenant, code: 'invalid_request', message: /different Microsoft Entra tenant/ },
    { case: 'no role on the subscription', who: people.alex, org: orgs.mobile, subscriptionId: subscriptions.noRoleForAlex, code: 'forbidden', message: /Owner or Contributor/ },
    { case: 'not a PCA', who: people.megan, org: orgs.web, subscriptionId: subscriptions.noRoleForAlex, code: 'forbidden', message: /Project Collection Administrator/ },
    { case: 'PCA without a role (Patti)', who: people.patti, org: orgs.web, subscriptionId: subscriptions.payAsYouGo, code: 'forbidden', message: /Owner or Contributor/ },
    { case: 'unknown organization', who: people.alex, org: { id: '0d0d0d0d-0000-0000-0000-000000000000', name: 'contoso-nowhere' }, subscriptionId: subscriptions.payAsYouGo, code: 'not_found', message: /contoso-nowhere/ },
    { case: 'unknown subscription', who: people.alex, org: orgs.mobile, subscriptionId: '11111111-2222-3333-4444-555555555555', code: 'not_found', message: /11111111/ },
  ];

  it.each(refusals)('refuses to link: $case → $code', async ({ who, org, subscriptionId, code, message }) => {
    const { backend, storage } = freshSandbox();
    const before = await backend.arm.getBillingLink(alex, orgs.mobile);
    const error = await azureErrorOf(backend.arm.linkBilling(callerFor(who), org, subscriptionId));
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
    await expect(sandboxOver(storage).arm.getBillingLink(alex, orgs.mobile)).resolves.toEqual(before);
  });

  it.each([
    { case: 'a backup billing manager (Contributor) who is not a PCA', who: people.isaiah, message: /Project Collection Administrator/ },
    { case: 'a PCA without a role on the linked subscription', who: people.patti, message: /Owner or Contributor/ },
    { case: 'neither', who: people.megan, message: /Owner or Contributor/ },
  ])('refuses to remove billing: $case', async ({ who, message }) => {
    const { backend } = freshSandbox();
    const error = await azureErrorOf(backend.arm.removeBilling(callerFor(who), orgs.web));
    expect(error).toMatchObject({ code: 'forbidden' });
    expect(error.message).toMatch(message);
    await expect(backend.arm.getBillingLink(alex, orgs.web)).resolves.not.toBeNull();
  });

  it('reports an unknown subscription when asked for rights', async () => {
    const { backend } = freshSandbox();
    await expect(azureErrorOf(backend.arm.getSubscriptionRights(alex, 'nope'))).resolves.toMatchObject({ code: 'not_found' });
  });
});

describe('user entitlements', () => {
  it('a PCA changes an access level and the change persists', async () => {
    const { backend, storage } = freshSandbox();
    const changed = await backend.devops.changeAccessLevel(alex, orgs.web, entitlementId(people.grady), { accountLicenseType: 'stakeholder' });
    expect(changed.accessLevel).toMatchObject({ accountLicenseType: 'stakeholder', licensingSource: 'account' });
    const reread = await sandboxOver(storage).devops.getUserEntitlement(alex, orgs.web, entitlementId(people.grady));
    expect(reread?.accessLevel.accountLicenseType).toBe('stakeholder');
  });

  it('a direct assignment replaces a group rule', async () => {
    const { backend } = freshSandbox();
    const raul = await backend.devops.changeAccessLevel(alex, orgs.research, entitlementId(people.raul), { accountLicenseType: 'advanced' });
    expect(raul.accessLevel).toMatchObject({ accountLicenseType: 'advanced', assignmentSource: 'unknown', status: 'pending' });
  });

  it('a PCA adds someone new, who appears as pending and persists', async () => {
    const { backend, storage } = freshSandbox();
    const added = await backend.devops.addUserEntitlement(alex, orgs.mobile, 'new.hire@example.com', { accountLicenseType: 'express' });
    expect(added).toMatchObject({
      principalName: 'new.hire@example.com',
      accessLevel: { accountLicenseType: 'express', licensingSource: 'account', msdnLicenseType: 'none', status: 'pending' },
    });
    const listed = await sandboxOver(storage).devops.listUserEntitlements(alex, orgs.mobile);
    expect(listed).toContainEqual(added);
  });

  it('adding an existing seed user to another organization reuses their identity', async () => {
    const { backend } = freshSandbox();
    const megan = await backend.devops.addUserEntitlement(alex, orgs.mobile, 'MeganB@example.com', { accountLicenseType: 'stakeholder' });
    expect(megan).toMatchObject({ id: entitlementId(people.megan), displayName: 'Megan Bowen' });
  });

  it.each([
    { case: 'change by a non-PCA', run: (b: Backend) => b.devops.changeAccessLevel(callerFor(people.megan), orgs.web, entitlementId(people.grady), { accountLicenseType: 'advanced' }), code: 'forbidden' },
    { case: 'add by a non-PCA', run: (b: Backend) => b.devops.addUserEntitlement(callerFor(people.megan), orgs.web, 'x@example.com', { accountLicenseType: 'express' }), code: 'forbidden' },
    { case: 'change of someone not in the organization', run: (b: Backend) => b.devops.changeAccessLevel(alex, orgs.mobile, entitlementId(people.grady), { accountLicenseType: 'express' }), code: 'not_found' },
    { case: 'change in an unknown organization', run: (b: Backend) => b.devops.changeAccessLevel(alex, { id: 'x', name: 'nowhere' }, entitlementId(people.grady), { accountLicenseType: 'express' }), code: 'not_found' },
    { case: 'add of someone already there', run: (b: Backend) => b.devops.addUserEntitlement(alex, orgs.web, 'gradya@example.com', { accountLicenseType: 'express' }), code: 'conflict' },
    { case: 'add of a name that is not an e-mail address', run: (b: Backend) => b.devops.addUserEntitlement(alex, orgs.web, 'grady archie', { accountLicenseType: 'express' }), code: 'invalid_request' },
    { case: 'listing by a non-member', run: (b: Backend) => b.devops.listUserEntitlements(callerFor(people.joni), orgs.web), code: 'forbidden' },
  ])('refuses $case → $code', async ({ run, code }) => {
    const { backend } = freshSandbox();
    await expect(azureErrorOf(run(backend))).resolves.toMatchObject({ code });
  });

  it('identifies users by a member id of their own, not by their Entra object id, as Azure DevOps does', async () => {
    const { backend } = freshSandbox();
    const grady = (await backend.devops.listUserEntitlements(alex, orgs.web)).find((u) => u.principalName.toLowerCase().startsWith('grady'));
    expect(grady?.id).toBe(entitlementId(people.grady));
    expect(grady?.id).not.toBe(people.grady);
    await expect(backend.devops.getUserEntitlement(alex, orgs.web, people.grady)).resolves.toBeNull();
    await expect(backend.devops.getUserEntitlement(alex, orgs.web, grady?.id ?? '')).resolves.toEqual(grady);
  });

  it('answers null for a user the organization does not have', async () => {
    const { backend } = freshSandbox();
    await expect(backend.devops.getUserEntitlement(alex, orgs.mobile, entitlementId(people.grady))).resolves.toBeNull();
  });
});

describe('concurrent changes', () => {
  async function orgWithTwentyUsers(backend: Backend): Promise<string[]> {
    const seeded = await backend.devops.listUserEntitlements(alex, orgs.web);
    for (let i = seeded.length; i < 20; i++) {
      await backend.devops.addUserEntitlement(alex, orgs.web, `contractor${i}@example.com`, { accountLicenseType: 'stakeholder' });
    }
    return (await backend.devops.listUserEntitlements(alex, orgs.web)).map((u) => u.id);
  }

  it('20 parallel access-level changes in one backend all persist', async () => {
    const { backend, storage } = freshSandbox();
    const ids = await orgWithTwentyUsers(backend);
    await Promise.all(ids.map((id) => backend.devops.changeAccessLevel(alex, orgs.web, id, { accountLicenseType: 'advanced' })));
    const after = await sandboxOver(storage).devops.listUserEntitlements(alex, orgs.web);
    expect(after.filter((u) => ids.includes(u.id)).map((u) => u.accessLevel.accountLicenseType)).toEqual(ids.map(() => 'advanced'));
  });

  it('20 parallel changes from 4 backends (processes) over one store all persist, through eTag retries', async () => {
    const inner = new MemoryStorage();
    let conflicts = 0;
    const storage: Storage = {
      read: (keys) => inner.read(keys),
      delete: (keys) => inner.delete(keys),
      write: (changes) =>
        inner.write(changes).catch((error: unknown) => {
          conflicts++;
          throw error;
        }),
    };
    const ids = await orgWithTwentyUsers(sandboxOver(storage));
    const instances = [0, 1, 2, 3].map(() => sandboxOver(storage));
    await Promise.all(
      ids.map((id, i) =>
        (instances[i % instances.length] as Backend).devops.changeAccessLevel(alex, orgs.web, id, { accountLicenseType: 'advanced' }),
      ),
    );
    const after = await sandboxOver(storage).devops.listUserEntitlements(alex, orgs.web);
    expect(after.filter((u) => ids.includes(u.id)).map((u) => u.accessLevel.accountLicenseType)).toEqual(ids.map(() => 'advanced'));
    // The backends did collide: the result above came through compare-and-set retries, not luck.
    expect(conflicts).toBeGreaterThan(0);
  });

  it('backends starting on an empty store at the same time do not seed over each other', async () => {
    const storage = new MemoryStorage();
    const instances = [people.grady, people.alex, people.megan, people.patti].map((person) => ({
      id: entitlementId(person),
      backend: sandboxOver(storage),
    }));
    await Promise.all(
      instances.map(({ id, backend }) => backend.devops.changeAccessLevel(alex, orgs.web, id, { accountLicenseType: 'stakeholder' })),
    );
    const after = await sandboxOver(storage).devops.listUserEntitlements(alex, orgs.web);
    for (const { id } of instances) expect(after.find((u) => u.id === id)?.accessLevel.accountLicenseType).toBe('stakeholder');
  });

  it('gives up with a conflict error after a bounded number of lost races, saving nothing', async () => {
    const inner = new MemoryStorage();
    const alwaysRaced: Storage = {
      read: (keys) => inner.read(keys),
      delete: (keys) => inner.delete(keys),
      async write(changes: StoreItems) {
        const current = (await inner.read([sandboxStorageKey]))[sandboxStorageKey] as StoreItems | undefined;
        if (current) await inner.write({ [sandboxStorageKey]: { ...current, eTag: '*' } });
        await inner.write(changes);
      },
    };
    const backend = sandboxOver(alwaysRaced);
    await expect(azureErrorOf(backend.arm.linkBilling(alex, orgs.mobile, subscriptions.payAsYouGo))).resolves.toMatchObject({
      code: 'conflict',
    });
    await expect(backend.arm.getBillingLink(alex, orgs.mobile)).resolves.toBeNull();
  });

  it('reports a store that cannot save as unavailable', async () => {
    const inner = new MemoryStorage();
    const readOnly: Storage = {
      read: (keys) => inner.read(keys),
      delete: (keys) => inner.delete(keys),
      write: () => Promise.reject(new Error('disk full')),
    };
    await expect(azureErrorOf(sandboxOver(readOnly).devops.getProfile(alex))).resolves.toMatchObject({ code: 'unavailable' });
  });
});

describe('the stored document', () => {
  it('starts again from the seed when the seed changes', async () => {
    const { backend, storage } = freshSandbox();
    await backend.arm.linkBilling(alex, orgs.mobile, subscriptions.payAsYouGo);
    const edited = createSandboxBackend({ storage, seed: { ...seed, tenants: seed.tenants.map((t) => ({ ...t, name: `${t.name}!` })) } });
    await expect(edited.arm.getBillingLink(alex, orgs.mobile)).resolves.toBeNull();
  });
});

describe('reading the tenant', () => {
  const stores: Array<{ store: string; open: (dir: string) => Promise<Storage> }> = [
    { store: 'lowdb (tells eTags without copying)', open: (dir) => JsonFileStorage.open(join(dir, 'sandbox-tenant.json')) },
    { store: 'memory (eTags only on read)', open: async () => new MemoryStorage() },
  ];

  it.each(stores)('$store: a change saved by another instance is seen by the next read of this one', ({ open }) =>
    withTempDir(async (dir) => {
      const storage = await open(dir);
      const reader = sandboxOver(storage);
      const writer = sandboxOver(storage);
      await expect(reader.arm.getBillingLink(alex, orgs.mobile)).resolves.toBeNull();

      await writer.arm.linkBilling(alex, orgs.mobile, subscriptions.payAsYouGo);
      await expect(reader.arm.getBillingLink(alex, orgs.mobile)).resolves.toMatchObject({ subscriptionId: subscriptions.payAsYouGo });

      await reader.arm.removeBilling(alex, orgs.mobile);
      await expect(reader.arm.getBillingLink(alex, orgs.mobile)).resolves.toBeNull();
      await expect(writer.arm.getBillingLink(alex, orgs.mobile)).resolves.toBeNull();
    }),
  );

  it('an unchanged tenant is not copied out of the lowdb store again, a changed one is', () =>
    withTempDir(async (dir) => {
      const inner = await JsonFileStorage.open(join(dir, 'sandbox-tenant.json'));
      let copies = 0;
      const counting: ETagReadableStorage = {
        read: (keys) => {
          copies++;
          return inner.read(keys);
        },
        write: (changes) => inner.write(changes),
        delete: (keys) => inner.delete(keys),
        eTagOf: (key) => inner.eTagOf(key),
      };
      const backend = sandboxOver(counting);
      await backend.devops.listOrganizations(alex);
      const afterFirstRead = copies;
      for (let i = 0; i < 5; i++) await backend.devops.listUserEntitlements(alex, orgs.web);
      expect(copies).toBe(afterFirstRead);

      await sandboxOver(inner).devops.changeAccessLevel(alex, orgs.web, entitlementId(people.grady), { accountLicenseType: 'stakeholder' });
      const users = await backend.devops.listUserEntitlements(alex, orgs.web);
      expect(users.find((u) => u.id === entitlementId(people.grady))?.accessLevel.accountLicenseType).toBe('stakeholder');
      expect(copies).toBe(afterFirstRead + 1);
    }));

  it('every reader shares one frozen tenant, so changing what a read returned fails instead of leaking into the next turn', async () => {
    const store = new SandboxTenantStore(new MemoryStorage(), seed);
    const tenant = await store.read();
    expect(() => tenant.organizations.pop()).toThrow(TypeError);
    expect(() => {
      (tenant.organizations[0] as { name: string }).name = 'renamed';
    }).toThrow(TypeError);
    expect(await store.read()).toEqual(seed);
  });
});
