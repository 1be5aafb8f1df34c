import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { projectRoot } from '../../src/paths.js';
import type { AuditRecord } from '../../src/services/audit.js';
import { HttpChat } from '../support/billingChat.js';
import { startBotProcess } from '../support/botProcess.js';
import { FakeConnector } from '../support/fakeConnector.js';
import { withTempDir } from '../support/tempDir.js';

const heldLinkBot = join(projectRoot, 'test', 'process', 'fixtures', 'heldLinkBot.mjs');

async function auditOf(dir: string): Promise<AuditRecord[]> {
  const text = await readFile(join(dir, 'audit.jsonl'), 'utf8').catch(() => '');
  return text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as AuditRecord);
}

async function changesOf(dir: string): Promise<Record<string, { sending?: unknown }>> {
  return JSON.parse(await readFile(join(dir, 'billing-changes.json'), 'utf8')) as Record<string, { sending?: unknown }>;
}

describe('stopping the process in the middle of a billing change (point 2 of the hardening issue)', () => {
  jest.setTimeout(60_000);
  let connector: FakeConnector;
  beforeEach(async () => {
    connector = await FakeConnector.start();
  });
  afterEach(() => connector.close());

  it('records the intent before Azure is called; on SIGTERM the change finishes, is audited, and the process exits cleanly', () =>
    withTempDir(async (dir) => {
      const bot = startBotProcess({ STORAGE_DIR: dir }, heldLinkBot, 'pipe');
      const chat = new HttpChat(await bot.listening, connector, 'personal-shutdown');
      const confirm = await chat.upToConfirm();
      const turn = chat.send({ value: confirm });
      await bot.waitForOutput('LINK_SENT_TO_AZURE');

      const [intent] = Object.values(await changesOf(dir));
      expect(intent).toMatchObject({
        organization: { name: 'contoso-mobile' },
        sending: { action: 'billing.link', toSubscriptionId: '744ebfcf-f5ce-46de-95c2-b0c7a2335015' },
      });

      bot.child.kill('SIGTERM');
      await bot.waitForOutput('shutting down');
      bot.child.stdin?.write('release\n');
      expect((await turn).turn.text).toContain('Billing is set up');
      const exit = await bot.exited;
      expect(exit.code).toBe(0);
      expect(exit.stdout).toContain('"drained":true');
      expect(await auditOf(dir)).toEqual([expect.objectContaining({ action: 'billing.link', newSubscriptionId: '744ebfcf-f5ce-46de-95c2-b0c7a2335015' })]);
      expect(await changesOf(dir)).toEqual({});
    }));

  it('after a kill mid-change, the next start reports the change as interrupted, in the audit log and the log', () =>
    withTempDir(async (dir) => {
      const bot = startBotProcess({ STORAGE_DIR: dir }, heldLinkBot, 'pipe');
      const chat = new HttpChat(await bot.listening, connector, 'personal-killed');
      const confirm = await chat.upToConfirm();
      void chat.send({ value: confirm }).catch(() => undefined);
      await bot.waitForOutput('LINK_SENT_TO_AZURE');
      bot.child.kill('SIGKILL');
      await bot.exited;

      const restarted = startBotProcess({ STORAGE_DIR: dir });
      await restarted.listening;
      expect(restarted.stdout()).toContain('was sent to Azure but the bot stopped before it heard back');
      expect(await auditOf(dir)).toEqual([
        expect.objectContaining({
          action: 'billing.interrupted',
          intendedAction: 'billing.link',
          organization: expect.objectContaining({ name: 'contoso-mobile' }),
          newSubscriptionId: '744ebfcf-f5ce-46de-95c2-b0c7a2335015',
        }),
      ]);
      expect(await changesOf(dir)).toEqual({});
      restarted.child.kill('SIGTERM');
      expect((await restarted.exited).code).toBe(0);
    }));
});
