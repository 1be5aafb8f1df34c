import { describe, expect, it } from '@jest/globals';
import { itLeavesNoProcessRunning, usePlayground } from './harness.js';

describe('a licensing question in the Agents Playground', () => {
  const playground = usePlayground('licensing-question');

  it('is answered on a card with a Source link to the Microsoft docs', async () => {
    await playground().send('Is the Azure free trial supported for billing?');
    await playground().waitForReply('Source');

    const card = await playground().lastCardText();
    expect(card.startsWith('Sandbox: demo data, no real charges')).toBe(true);
    expect(card).toMatch(/free trial/i);
    const links = (await playground().lastCardButtons()).filter((button) => button.role === 'link');
    expect(links).toContainEqual({
      title: expect.stringMatching(/^Source/),
      role: 'link',
      url: expect.stringMatching(/^https:\/\/learn\.microsoft\.com\//),
    });
  });

  itLeavesNoProcessRunning(playground);
});
