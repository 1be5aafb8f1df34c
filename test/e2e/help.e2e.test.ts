import { describe, expect, it } from '@jest/globals';
import { itLeavesNoProcessRunning, usePlayground } from './harness.js';

describe('help in the Agents Playground', () => {
  const playground = usePlayground('help');

  it('answers "help" with the "What I can do" card and a button per capability', async () => {
    await playground().send('help');
    await playground().waitForReply('What I can do');

    const card = (await playground().lastCardText()).split('\n');
    expect(card[0]).toBe('Sandbox: demo data, no real charges');
    expect(card).toContain('What I can do');
    expect(await playground().lastCardButtons()).toEqual([
      { title: 'Set up billing', role: 'button' },
      { title: 'Billing status', role: 'button' },
      { title: 'Request seats', role: 'button' },
      { title: 'Cost sweep', role: 'button' },
      { title: 'Cost digest status', role: 'button' },
      { title: 'Grant Test Manager', role: 'button' },
      { title: 'Ask a question', role: 'button' },
    ]);
  });

  itLeavesNoProcessRunning(playground);
});
