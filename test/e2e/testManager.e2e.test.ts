import { describe, expect, it } from '@jest/globals';
import { itLeavesNoProcessRunning, usePlayground } from './harness.js';

/**
 * The server branch as the Playground can show it. The Playground has one signed-in user (Alex), who cannot approve
 * his own request and cannot switch to another approver, so approval itself is covered over HTTP
 * (test/http/testManagerServer.test.ts); here: request raised, checklist shown, steps ticked in place.
 */
describe('granting Test Manager to TFS users in the Agents Playground', () => {
  const playground = usePlayground('test-manager');

  it('asks for the TFS 2015 update and refuses one before Update 2', async () => {
    await playground().send('give our TFS 2015 testers Test Manager');
    await playground().waitForReply('Which update of TFS 2015?');
    await playground().clickButton('Update 1');
    const refused = await playground().waitForReply('cannot use Test Manager paid through an organization');
    expect(refused).toContain('TFS 2015 Update 2 or later');
  });

  it('raises the seat request, shows the checklist and ticks two steps on the card', async () => {
    await playground().send('give test manager to leeg@example.com on TFS 2018 in contoso-web');
    const preview = await playground().waitForReply('Send for approval');
    expect(preview).toContain('TFS 2018 users paid through contoso-web');
    await playground().clickButton('Send for approval');
    const checklist = await playground().waitForReply('0 of 5 steps done');
    expect(checklist).toContain('"Advanced"');
    await playground().screenshot('test-manager-checklist');

    await playground().clickButton('Done', { near: 'same identity' });
    await playground().waitForReply('1 of 5 steps done');
    await playground().clickButton('Done', { near: 'do not count for the server' });
    const ticked = await playground().waitForReply('2 of 5 steps done');
    expect(ticked).toContain('Done by Alex Wilber');
  });

  itLeavesNoProcessRunning(playground);
});
