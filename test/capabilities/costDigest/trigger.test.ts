import { describe, expect, it } from '@jest/globals';
import { triggersOf } from '../../../src/capabilities/assemble.js';
import { inactiveDaysIn, withoutInactiveDays } from '../../../src/capabilities/costDigest/trigger.js';
import { capabilityModules } from '../../../src/capabilities/index.js';
import { createRecognizer } from '../../../src/commands/recognizer.js';

const recognize = createRecognizer(triggersOf(capabilityModules));

describe('cost digest phrasings, recognized among every capability', () => {
  it.each([
    ['send a monthly cost digest for contoso-web', 'startCostDigest', 'contoso-web'],
    ['please send the cost digest for contoso-web', 'startCostDigest', 'contoso-web'],
    ['can you send us a monthly cost digest for contoso-web?', 'startCostDigest', 'contoso-web'],
    ['start the cost digest', 'startCostDigest', undefined],
    ['turn on the monthly cost digest for contoso-web', 'startCostDigest', 'contoso-web'],
    ['subscribe to the cost digest for contoso-web', 'startCostDigest', 'contoso-web'],
    ['stop the cost digest for contoso-web', 'stopCostDigest', 'contoso-web'],
    ['stop sending the monthly cost digest for contoso-web', 'stopCostDigest', 'contoso-web'],
    ['unsubscribe from the cost digest', 'stopCostDigest', undefined],
    ['turn off the cost digest for contoso-web', 'stopCostDigest', 'contoso-web'],
    ['cost digest status', 'costDigestStatus', undefined],
    ['show the cost digests', 'costDigestStatus', undefined],
    ['is the cost digest on?', 'costDigestStatus', undefined],
    // The same words about billing or approvals are other commands, and "stop" alone still cancels a flow.
    ['stop', 'cancel', undefined],
    ['stop billing for contoso-web', 'removeBilling', 'contoso-web'],
    ['send approvals here for contoso-web', 'approvalsHere', 'contoso-web'],
    ['what is a cost digest?', 'costDigestStatus', undefined],
  ])('%s → %s', (text, intent, organization) => {
    const recognized = recognize(text);
    expect(recognized.intent).toBe(intent);
    expect(recognized.entities.organization).toBe(organization);
  });

  it('leaves "cost sweep for …" (the interactive sweep, another capability) alone', () => {
    expect(recognize('cost sweep for contoso-web').intent).not.toMatch(/CostDigest/);
  });
});

describe('the inactivity period in a digest command', () => {
  it.each<[string, number | undefined, string]>([
    ['send a monthly cost digest for contoso-web after 60 days', 60, 'send a monthly cost digest for contoso-web'],
    ['send the cost digest for contoso-web, inactive for 45 days', 45, 'send the cost digest for contoso-web,'],
    ['send the cost digest for more than 90 days for contoso-web', 90, 'send the cost digest for contoso-web'],
    ['send the cost digest for contoso-web', undefined, 'send the cost digest for contoso-web'],
  ])('%s → %s days', (text, days, rest) => {
    expect(inactiveDaysIn(text)).toBe(days);
    expect(withoutInactiveDays(text)).toBe(rest);
  });
});
