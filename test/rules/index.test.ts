import { describe, expect, it } from '@jest/globals';
import * as rules from '../../src/rules/index.js';

describe('the rules entry point', () => {
  it.each([
    'parseAccessLevel',
    'describeEntitlement',
    'estimateMonthlyCost',
    'estimateChange',
    'billableUserFromEntitlement',
    'prorate',
    'checkSubscriptionEligibility',
    'subscriptionListAdvice',
    'mayManageBilling',
    'mayApproveSeatRequest',
    'parseServerVersion',
    'organizationBillingSupport',
    'serverAccessLevelName',
    'billingDocUrl',
  ])('exports %s', (name) => {
    expect(typeof (rules as Record<string, unknown>)[name]).toBe('function');
  });
});
