import { describe, expect, it } from '@jest/globals';
import type { UserEntitlement } from '../../../src/azure/ports.js';
import { CardRenderer } from '../../../src/cards/renderer.js';
import { sweepCardData } from '../../../src/capabilities/costSweep/sweepCard.js';
import { cardsDir } from '../../../src/paths.js';
import { estimateDowngrade, sweepInactivePaidUsers } from '../../../src/rules/costSweep.js';
import type { SweepReview } from '../../../src/services/costSweep.js';
import { cardBytes, cardProblems } from '../../support/adaptiveCards.js';
import { findIn } from '../../support/cardSearch.js';

const now = new Date('2026-11-30T12:00:00.000Z');
const organization = { id: 'a1b2c3d4-0000-4000-8000-000000000001', name: 'contoso-big', tenantId: '00000000-0000-0000-0000-0000000000001' };
const renderer = new CardRenderer({ cardsDir, banner: 'Sandbox: demo data, no real charges' });

/** An organization of `count` Basic users, none signed in for 90 days; sign-in names as long as real ones. */
function inactiveBasicUsers(count: number): UserEntitlement[] {
  return Array.from({ length: count }, (_, index) => ({
    id: `user-${index}`,
    principalName: `firstname.lastname${String(index).padStart(4, '0')}@contoso-engineering.com`,
    displayName: `Firstname Lastname ${index}`,
    accessLevel: { accountLicenseType: 'express', licensingSource: 'account', msdnLicenseType: 'none', assignmentSource: 'unknown', status: 'active' },
    lastAccessedDate: '2026-09-01T00:00:00.000Z',
  }));
}

function review(entitlements: UserEntitlement[], kept: ReadonlySet<string>): SweepReview {
  const billing = { multiOrganizationBilling: false };
  const result = sweepInactivePaidUsers({ organization: organization.name, entitlements, now, billing });
  if (!result.ok) throw new Error(result.message);
  const chosen = result.candidates.map((candidate) => candidate.principalName).filter((name) => !kept.has(name));
  const chosenEstimate = chosen.length > 0 ? estimateDowngrade({ organization: organization.name, entitlements, now, billing }, chosen) : undefined;
  return { result, chosen, ...(chosenEstimate ? { chosenEstimate } : {}) };
}

/** The rendered card, or the renderer's refusal (a card over the Teams limit) as text. */
function rendered(data: Parameters<typeof renderer.render<'cost-sweep'>>[1]): object | string {
  try {
    return renderer.render('cost-sweep', data);
  } catch (error) {
    return (error as Error).message;
  }
}

describe('the sweep card at the edges', () => {
  it.each([0, 1000])('renders a valid Adaptive Card 1.5 within 28 KB for %i inactive Basic users and nobody kept', (count) => {
    const entitlements = inactiveBasicUsers(count);
    const card = rendered(sweepCardData({ organization, review: review(entitlements, new Set()), page: 0, kept: new Set(), inRequests: new Map(), now }));
    expect(typeof card).toBe('object');
    expect(cardProblems(card as object)).toEqual([]);
    expect(cardBytes(card as object)).toBeLessThanOrEqual(28 * 1024);
  });

  it('still fits in 28 KB when an admin of a 1000-candidate organization has kept 60 people across pages', () => {
    const entitlements = inactiveBasicUsers(1000);
    const kept = new Set(entitlements.slice(0, 60).map((entitlement) => entitlement.principalName));
    // Every button carries the whole kept list (Downgrade, Update saving, Previous, Next): four copies of it.
    const card = rendered(sweepCardData({ organization, review: review(entitlements, kept), page: 3, kept, inRequests: new Map(), now }));
    expect(card).toEqual(expect.any(Object));
    expect(cardBytes(card as object)).toBeLessThanOrEqual(28 * 1024);
  });

  it('carries the people kept on other pages once, in one input, and only those who are still candidates', () => {
    const entitlements = inactiveBasicUsers(100);
    const kept = new Set([...entitlements.slice(0, 30).map((entitlement) => entitlement.principalName), 'left.the.company@contoso-engineering.com']);
    const card = rendered(sweepCardData({ organization, review: review(entitlements, kept), page: 1, kept, inRequests: new Map(), now })) as object;
    const text = JSON.stringify(card);
    // Page 2 shows candidates 21–40: the ten of them kept are ticked toggles; the twenty kept on page 1 go in the input.
    expect(findIn(card, (record) => record.type === 'Input.Toggle' && record.value === 'true')).toHaveLength(10);
    const [carried, ...more] = findIn(card, (record) => record.id === 'keptElsewhere');
    expect(more).toEqual([]);
    expect(String(carried?.value).split('\n')).toHaveLength(20);
    expect(text.split(entitlements[0]?.principalName ?? '')).toHaveLength(2);
    expect(text).not.toContain('left.the.company');
    expect(text).toContain('Chosen (30 kept)');
  });

  it('shows a guest account in the Keep toggle as it is spelled: a toggle title is plain text, not markdown', () => {
    // Entra guest accounts look like this; Input.Toggle's title renders no markdown, so escaping shows backslashes.
    const guest = { ...inactiveBasicUsers(1)[0], principalName: 'ann_contoso.com#EXT#@fabrikam.onmicrosoft.com', displayName: 'Ann [Contoso]' } as UserEntitlement;
    const entitlements = [guest, ...inactiveBasicUsers(6)];
    const card = rendered(sweepCardData({ organization, review: review(entitlements, new Set()), page: 0, kept: new Set(), inRequests: new Map(), now }));
    const toggle = findIn(card as object, (record) => record.type === 'Input.Toggle' && String(record.id).includes('#EXT#'))[0];
    expect(toggle?.title).toContain('Ann [Contoso] (ann_contoso.com#EXT#@fabrikam.onmicrosoft.com)');
  });
});
