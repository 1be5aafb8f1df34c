import priceData from './prices.json' with { type: 'json' };

/**
 * Public list prices, in one dated file so a price change is a data edit and every card can cite source and date.
 * Nothing else in the project may hard-code a price or a free-tier number.
 */
export interface PriceList {
  source: string;
  asOf: string;
  currency: string;
  note: string;
  userPlans: {
    basic: { perUserMonthly: number; freeUsersPerOrganization: number };
    basicTestPlans: { perUserMonthly: number; freeUsersPerOrganization: number; trialDays: number };
    stakeholder: { perUserMonthly: number };
  };
  pipelines: {
    microsoftHostedParallelJobMonthly: number;
    microsoftHostedFreeParallelJobs: number;
    microsoftHostedFreeMinutesPerMonth: number;
    selfHostedParallelJobMonthly: number;
    selfHostedFreeParallelJobs: number;
  };
  artifacts: { freeStorageGiB: number };
    /** `subscriptionPickerMax` is from older docs only; `subscriptionPickerMaxAsOf` dates it. */
  limits: { subscriptionPickerMax: number; subscriptionPickerMaxAsOf: string; minimumServerVersionForOrgBilling: string };
}

export const prices: PriceList = priceData;

export function formatUsd(amount: number): string {
  return Number.isInteger(amount) ? `$${amount}` : `$${amount.toFixed(2)}`;
}
