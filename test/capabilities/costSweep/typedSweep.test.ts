import { describe, expect, it } from '@jest/globals';
import { inactiveDaysIn, organizationIn } from '../../../src/capabilities/costSweep/typedSweep.js';
import { keptPeople } from '../../../src/capabilities/costSweep/actions/sweepActions.js';

describe('what a typed cost sweep names', () => {
  it.each<[string, ReturnType<typeof inactiveDaysIn>]>([
    ['cost sweep', { days: 30 }],
    ['cost sweep for contoso-web inactive 60 days', { days: 60 }],
    ['who is inactive for 1 day?', { days: 1 }],
    ['cost sweep inactive sixty days', { invalid: 'sixty' }],
    ['cost sweep inactive -5 days', { invalid: '-5' }],
    ['cost sweep inactive 4000 days', { days: 4000 }],
  ])('%s → %j days', (text, expected) => {
    expect(inactiveDaysIn(text)).toEqual(expected);
  });

  it.each<[string, string | undefined]>([
    ['cost sweep for contoso-web inactive 60 days', 'contoso-web'],
    ['cost sweep for the organization fabrikam', 'fabrikam'],
    ['cost sweep in contoso-mobile', 'contoso-mobile'],
    ['reduce our Azure DevOps bill', undefined],
    ['cost sweep for 60 days', undefined],
    ['cost sweep for ann@contoso.com', undefined],
  ])('%s → organization %s', (text, expected) => {
    expect(organizationIn(text)).toBe(expected);
  });
});

describe('who a sweep card click keeps', () => {
  const base = { organizationId: 'o', inactiveDays: 30, page: 1 };
  it.each([
    ['one a line, as the card writes them', 'Ann@contoso.com\nraj@contoso.com'],
    ['separated as someone editing the box might', ' Ann@contoso.com,  raj@contoso.com;\r\n'],
  ])('carries people kept on other pages (%s) and applies the toggles of the page shown', (_, keptElsewhere) => {
    const kept = keptPeople({ ...base, keptElsewhere, 'keep:raj@contoso.com': 'false', 'keep:lee@contoso.com': 'true', 'keep:mo@contoso.com': 'false', other: 'true' });
    expect([...kept].sort()).toEqual(['ann@contoso.com', 'lee@contoso.com']);
  });

  it('keeps nobody from other pages when the card had none to carry', () => {
    expect([...keptPeople({ ...base, 'keep:lee@contoso.com': 'true' })]).toEqual(['lee@contoso.com']);
  });
});
