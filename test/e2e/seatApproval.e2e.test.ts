import { describe, expect, it } from '@jest/globals';
import { itLeavesNoProcessRunning, usePlayground } from './harness.js';

/**
 * Two people, two Playgrounds, one bot: Megan (a member of contoso-web) asks for a seat in hers, Alex (its Project
 * Collection Administrator) approves in his. The Playground has no user switcher, so each person gets their own.
 */
describe('a seat request approved in the Agents Playground', () => {
  const alex = usePlayground('seat-approval');
  const requester = usePlayground('seat-approval-megan', () => ({
    joinBotOf: alex(),
    currentUser: { id: 'user-id-1', name: 'Megan Bowen', email: 'meganb@example.com', aadObjectId: '00000000-0000-0000-0000-0000000000021' },
  }));

  it('Megan sees the cost first, Alex approves on the card, Megan hears back', async () => {
    await alex().send('hi');
    await alex().waitForReply('Hi, I help you run Azure DevOps billing');
    await requester().send('request Basic + Test Plans for leeg@example.com in contoso-web');
    const preview = await requester().waitForReply('Request Basic + Test Plans in contoso-web?');
    expect(preview).toContain('Stakeholder → Basic + Test Plans');
    expect(preview).toMatch(/Estimate: \+\$52 a month/);
    await requester().screenshot('seat-request-preview');

    await requester().clickButton('Send for approval');
    expect(await requester().waitForReply('Request 1 is waiting for approval')).toContain('Alex Wilber');

    const card = await alex().waitForReply('Seat request 1: Basic + Test Plans for 1 person');
    expect(card).toContain('Waiting for approval');
    expect(card).toContain('Megan Bowen');
    await alex().clickButton('Approve');
    const approved = await alex().waitForReply('Approved and assigned');
    expect(approved).toContain('Assigned.');
    await alex().screenshot('seat-approval');

    expect(await requester().waitForReply('approved your seat request 1')).toContain('approved and assigned');
  });

  it('then shows the request under "my requests"', async () => {
    await requester().send('my requests');
    expect(await requester().waitForReply('Your seat requests')).toContain('approved and assigned');
  });

  itLeavesNoProcessRunning(alex);
});
