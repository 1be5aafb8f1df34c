import { describe, expect, it } from '@jest/globals';
import { itLeavesNoProcessRunning, usePlayground } from './harness.js';

/**
 * A cost sweep walked in the Agents Playground: Alex (a Project Collection Administrator of contoso-web) sweeps and
 * asks to downgrade the one paid user idle for more than 100 days; Patti (the other administrator) approves in her
 * own Playground, since nobody approves their own request.
 */
describe('a cost sweep approved in the Agents Playground', () => {
  const alex = usePlayground('cost-sweep');
  const approver = usePlayground('cost-sweep-patti', () => ({
    joinBotOf: alex(),
    currentUser: { id: 'user-id-4', name: 'Patti Fernandez', email: 'pattif@example.com', aadObjectId: '00000000-0000-0000-0000-0000000000024' },
  }));

  it('Alex sees who is idle and the saving, asks for the downgrade, Patti approves, Alex hears back', async () => {
    await approver().send('hi');
    await approver().waitForReply('Hi, I help you run Azure DevOps billing');

    await alex().send('cost sweep for contoso-web inactive 100 days');
    const sweep = await alex().waitForReply('Cost sweep: contoso-web');
    expect(sweep).toContain('Grady Archie');
    expect(sweep).toContain('saves about $6 a month');
    expect(sweep).toContain('Visual Studio');
    await alex().screenshot('cost-sweep');

    await alex().clickButton('Downgrade 1 to Stakeholder');
    expect(await alex().waitForReply('Request 1 is waiting for approval')).toContain('Patti Fernandez');

    const card = await approver().waitForReply('Downgrade request 1: Stakeholder for 1 person');
    expect(card).toContain('Basic → Stakeholder');
    await approver().clickButton('Approve');
    expect(await approver().waitForReply('Approved and assigned')).toContain('Lowered to Stakeholder.');

    expect(await alex().waitForReply('approved your seat request 1')).toContain('approved and assigned');
  });

  it('then no longer lists Grady', async () => {
    await alex().send('cost sweep for contoso-web inactive 100 days');
    expect(await alex().waitForReply('Nobody in contoso-web holds a paid access level')).not.toContain('Grady Archie');
  });

  itLeavesNoProcessRunning(alex);
});
