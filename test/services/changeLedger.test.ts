import { describe, expect, it } from '@jest/globals';
import { ChangeLedger, inMemoryRecords, recoverInterruptedChanges } from '../../src/services/changeLedger.js';
import type { AuditRecord } from '../../src/services/audit.js';
import { capturingLogger } from '../support/capturingLogger.js';

const organization = { id: 'ORG-1', name: 'contoso' };
const ada = { aadObjectId: 'ada', tenantId: 't', displayName: 'Ada' };
const ben = { aadObjectId: 'ben', tenantId: 't', displayName: 'Ben' };

function ledgerAt(clock: { now: Date }, records = inMemoryRecords()) {
  return { records, ledger: new ChangeLedger({ records, now: () => clock.now, refuse: (message) => new Error(message) }) };
}

describe('ChangeLedger', () => {
  it('refuses a second change to the organization while one runs, naming who and since when', async () => {
    const clock = { now: new Date('2026-03-01T10:00:00Z') };
    const { ledger } = ledgerAt(clock);
    let finish: () => void = () => undefined;
    const first = ledger.exclusive(ada, organization, 'a1', () => new Promise<void>((resolve) => (finish = resolve)));
    await expect(ledger.exclusive(ben, { ...organization, id: 'org-1' }, 'b1', async () => 'ran')).rejects.toThrow(
      'Ada is changing billing for contoso right now (since 2026-03-01T10:00:00.000Z)',
    );
    finish();
    await first;
    await expect(ledger.exclusive(ben, organization, 'b2', async () => 'ran')).resolves.toBe('ran');
  });

  it('gives the organization back when the change fails', async () => {
    const { ledger, records } = ledgerAt({ now: new Date() });
    await expect(ledger.exclusive(ada, organization, 'a1', async () => Promise.reject(new Error('Azure said no')))).rejects.toThrow('Azure said no');
    expect(await records.keys('')).toEqual([]);
  });

  it('takes over a record its process left behind long ago', async () => {
    const clock = { now: new Date('2026-03-01T10:00:00Z') };
    const records = inMemoryRecords();
    await records.write({ 'billing-changes/org-1': { changeId: 'old', actor: { aadObjectId: 'x' }, organization, startedAt: '2026-03-01T09:00:00.000Z' } });
    const { ledger } = ledgerAt(clock, records);
    await expect(ledger.exclusive(ada, organization, 'a1', async () => 'ran')).resolves.toBe('ran');
  });
});

describe('recoverInterruptedChanges', () => {
  const audit = (records: AuditRecord[]) => ({ append: async (record: AuditRecord) => void records.push(record), readAll: async () => [...records] });

  it.each<[string, boolean, AuditRecord[], string[]]>([
    ['sent and never audited: interrupted', true, [], ['billing.interrupted']],
    ['never sent: nothing changed, nothing audited', false, [], []],
    [
      'sent and audited before the crash: completed',
      true,
      [{ at: '2026-03-01T10:00:02.000Z', action: 'billing.link', actor: { aadObjectId: 'ada' }, organization, backend: 'sandbox', correlationId: 'a1' }],
      ['billing.link'],
    ],
  ])('%s', async (_case, sent, existing, actions) => {
    const clock = { now: new Date('2026-03-01T10:00:00Z') };
    const { ledger, records } = ledgerAt(clock);
    const log = capturingLogger();
    const entries = [...existing];
    // A change left in the store exactly as a killed process leaves it.
    await ledger
      .exclusive(ada, organization, 'a1', async (change) => {
        if (sent) await change.sending({ action: 'billing.link', toSubscriptionId: 'sub-1' });
        const left = await records.read(await records.keys(''));
        throw Object.assign(new Error('killed'), { left });
      })
      .catch(async (error: { left: Record<string, unknown> }) => records.write(error.left));

    const found = await recoverInterruptedChanges({ records, audit: audit(entries), logger: log.logger, now: () => clock.now, backend: 'sandbox' });
    expect(found).toHaveLength(1);
    expect(entries.map((entry) => entry.action)).toEqual(actions);
    expect(await records.keys('')).toEqual([]);
  });
});
