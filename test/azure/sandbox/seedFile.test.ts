import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { MemoryStorage } from 'botbuilder';
import {
  createSandboxBackend,
  defaultSeedPath,
  loadSandboxSeed,
  SandboxSeedError,
} from '../../../src/azure/sandbox/sandboxBackend.js';
import { seedReferenceProblems } from '../../../src/azure/sandbox/seedFile.js';
import { sandboxSeedSchema } from '../../../src/azure/sandbox/seedSchema.js';
import { playgroundTenantId } from './sandboxFixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'sandbox-seed-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function seedJson(): Record<string, unknown> & { organizations: Array<Record<string, unknown>> } {
  return JSON.parse(readFileSync(defaultSeedPath, 'utf8')) as ReturnType<typeof seedJson>;
}

function writeSeed(name: string, content: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

function loadError(file: string): SandboxSeedError {
  try {
    loadSandboxSeed(file);
  } catch (error) {
    if (error instanceof SandboxSeedError) return error;
    throw error;
  }
  throw new Error(`${file} loaded without error`);
}

describe('the sandbox seed file', () => {
  it('validates against the schema and all its references resolve', () => {
    const seed = loadSandboxSeed();
    expect(sandboxSeedSchema.safeParse(seed).success).toBe(true);
    expect(seedReferenceProblems(seed)).toEqual([]);
  });

  it("uses the Agents Playground's tenant id (not a valid GUID) for Contoso", () => {
    const seed = loadSandboxSeed();
    expect(seed.tenants).toContainEqual({ id: playgroundTenantId, name: 'Contoso' });
    expect(seed.tenants.map((tenant) => tenant.name)).toContain('Fabrikam Partners');
  });
});

describe('loadSandboxSeed errors', () => {
  it('names the file and the missing field', () => {
    const json = seedJson();
    delete json.organizations[0]?.name;
    const file = writeSeed('missing-name.json', json);
    const error = loadError(file);
    expect(error.message).toContain(file);
    expect(error.problems).toContain('organizations[0].name: Required');
  });

  it('lists every bad field at once', () => {
    const json = seedJson();
    delete json.defaultUser;
    json.organizations[1] = { ...json.organizations[1], projectCollectionAdmins: 'alex' };
    const error = loadError(writeSeed('two-problems.json', json));
    expect(error.problems).toEqual(
      expect.arrayContaining(['defaultUser: Required', 'organizations[1].projectCollectionAdmins: Expected array, received string']),
    );
  });

  it('names an id that points at nothing', () => {
    const json = seedJson();
    json.organizations[2] = { ...json.organizations[2], projectCollectionAdmins: ['nobody'] };
    const error = loadError(writeSeed('dangling.json', json));
    expect(error.problems).toEqual(['organizations[2].projectCollectionAdmins[0]: unknown user nobody']);
  });

  it('says when the file is not JSON or not there', () => {
    const broken = writeSeed('broken.json', '{ "tenants": [');
    expect(loadError(broken).message).toMatch(new RegExp(`${broken}[\\s\\S]*is not JSON`));
    const missing = join(dir, 'absent.json');
    expect(loadError(missing).message).toMatch(new RegExp(`${missing}[\\s\\S]*cannot be read`));
  });

  it('createSandboxBackend refuses a seed whose references do not resolve', () => {
    const seed = { ...loadSandboxSeed(), defaultUser: 'nobody' };
    expect(() => createSandboxBackend({ storage: new MemoryStorage(), seed })).toThrow(/defaultUser: unknown user nobody/);
  });
});
