import { MemoryStorage, type Storage } from 'botbuilder';
import type { AzureBackend, Caller, OrganizationRef } from '../../../src/azure/ports.js';
import { createSandboxBackend, loadSandboxSeed } from '../../../src/azure/sandbox/sandboxBackend.js';

/** Ids from the seed file, named by the case they stand for, so tests read like the seed table. */
export const playgroundTenantId = '00000000-0000-0000-0000-0000000000001';
export const fabrikamTenantId = '5bd8da1e-9aff-46de-9abe-e408f8b63bd1';

export const people = {
  alex: '00000000-0000-0000-0000-0000000000020',
  megan: '00000000-0000-0000-0000-0000000000021',
  adele: '00000000-0000-0000-0000-0000000000022',
  isaiah: '00000000-0000-0000-0000-0000000000023',
  patti: '00000000-0000-0000-0000-0000000000024',
  lynne: '00000000-0000-0000-0000-0000000000025',
  grady: 'fdc38c61-4530-4bae-9208-e70b3dd0579a',
  raul: '533fea24-59e4-4e4f-9f3e-2cbd2e0d6522',
  joni: '6bfb8766-1b42-4c25-818a-382275e60465',
} as const;

export const subscriptions = {
  payAsYouGo: '744ebfcf-f5ce-46de-95c2-b0c7a2335015',
  enterpriseAgreement: 'b7b9339e-9630-4ecd-85f4-f325b60b33e1',
  freeTrial: '9abab42a-7b38-45a9-904a-2d278bd847ce',
  visualStudioWithLimit: '04b392c8-8ae3-4db1-b8fa-9452bcd5e0f1',
  disabled: '93280fa6-d09f-4442-b4b8-a3d734e99d4f',
  otherTenant: '9c90dea8-a896-4de1-b5d5-aa679a807eac',
  noRoleForAlex: '572b4fd7-36fd-4d06-b18a-6fd6726c2941',
  visualStudioWithoutLimit: 'ff07d6e6-61cc-469f-bb8e-665e81ea44a8',
} as const;

export const orgs = {
  web: { id: '92ed1254-d205-48e1-b839-9fac3e829e8b', name: 'contoso-web' },
  mobile: { id: 'd438ed89-2e77-4a59-92ec-51da4922a6f3', name: 'contoso-mobile' },
  research: { id: 'e37d0a91-791d-416e-9086-5fa45bee3142', name: 'contoso-research' },
  fabrikam: { id: 'b9c4e4a4-a9c0-4d56-80e1-3d950f618bb4', name: 'fabrikam-partners' },
} satisfies Record<string, OrganizationRef>;

export function callerFor(aadObjectId: string, tenantId: string = playgroundTenantId): Caller {
  return { aadObjectId, tenantId };
}

export const seed = loadSandboxSeed();

export function sandboxOver(storage: Storage, now?: () => Date): AzureBackend {
  return createSandboxBackend({ storage, seed, now });
}

export function freshSandbox(now?: () => Date): { backend: AzureBackend; storage: MemoryStorage } {
  const storage = new MemoryStorage();
  return { backend: sandboxOver(storage, now), storage };
}
