import { formatUsd, prices } from '../../rules/prices.js';

/**
 * Every figure an answer quotes, formatted once from the dated price list. Answers interpolate these and never
 * type a number, so a price change is one edit in `src/rules/prices.json`.
 */
const count = (value: number): string => value.toLocaleString('en-US');

export const figures = {
  basicFreeUsers: count(prices.userPlans.basic.freeUsersPerOrganization),
  basicPrice: formatUsd(prices.userPlans.basic.perUserMonthly),
  testPlansPrice: formatUsd(prices.userPlans.basicTestPlans.perUserMonthly),
  testPlansTrialDays: count(prices.userPlans.basicTestPlans.trialDays),
  hostedJobPrice: formatUsd(prices.pipelines.microsoftHostedParallelJobMonthly),
  hostedFreeJobs: count(prices.pipelines.microsoftHostedFreeParallelJobs),
  hostedFreeMinutes: count(prices.pipelines.microsoftHostedFreeMinutesPerMonth),
  selfHostedJobPrice: formatUsd(prices.pipelines.selfHostedParallelJobMonthly),
  selfHostedFreeJobs: count(prices.pipelines.selfHostedFreeParallelJobs),
  artifactsFreeGiB: count(prices.artifacts.freeStorageGiB),
  subscriptionPickerMax: count(prices.limits.subscriptionPickerMax),
  subscriptionPickerMaxAsOf: prices.limits.subscriptionPickerMaxAsOf,
  minimumServerVersion: prices.limits.minimumServerVersionForOrgBilling,
  priceListDate: prices.asOf,
  currency: prices.currency,
};
