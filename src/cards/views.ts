import type { LicensingAnswerCardData, LicensingUnsureCardData } from '../knowledge/cardData.js';

/**
 * Every card template (`cards/<view>.json`) and the data it binds. `CardRenderer.attachment(view, data)` is typed
 * by this map, so a card given the wrong data fails to compile instead of rendering blanks.
 */
export interface CardViews {
  welcome: WelcomeCardData;
  error: ErrorCardData;
  'billing-status': BillingStatusCardData;
  'billing-blocked': BillingBlockedCardData;
  'billing-confirm': BillingConfirmCardData;
  'billing-remove-confirm': BillingRemoveConfirmCardData;
  'billing-result': BillingResultCardData;
  'organization-picker': OrganizationPickerCardData;
  'subscription-picker': SubscriptionPickerCardData;
  'licensing-answer': LicensingAnswerCardData;
  'licensing-unsure': LicensingUnsureCardData;
  'seat-request-form': SeatRequestFormCardData;
  'seat-request-preview': SeatRequestPreviewCardData;
  'seat-approval': SeatApprovalCardData;
  'seat-request-list': ListCardData;
  'test-manager-question': TestManagerQuestionCardData;
  'test-manager-people': TestManagerPeopleCardData;
  'test-manager-notice': TestManagerNoticeCardData;
  'test-manager-checklist': TestManagerChecklistCardData;
  'cost-digest': CostDigestCardData;
  'cost-sweep': CostSweepCardData;
}

export type CardView = keyof CardViews;

export interface Fact {
  title: string;
  value: string;
}

export interface Link {
  title: string;
  url: string;
}

/** An Action.Submit that sends `command` back as if the user had typed it. */
export interface CommandButton {
  title: string;
  command: string;
}

/** What a dialog card's button submits (see `dialogs/cardPrompt.ts`): only valid for that run and step. */
export interface ChoiceData {
  runId: string;
  step: string;
  choice: string;
}

/** One entry of the welcome and help cards. */
export interface CapabilityHelp {
  title: string;
  description: string;
  example: string;
  button: string;
  command: string;
}

export interface WelcomeCardData {
  title: string;
  intro: string;
  capabilities: CapabilityHelp[];
}

export interface ErrorCardData {
  message: string;
  correlationId: string;
  at: string;
}

export interface BillingStatusCardData {
  organization: string;
  linked: boolean;
  freeTierSummary: string;
  facts: Fact[];
  buttons: CommandButton[];
  /** `Action.Execute` data of the Refresh button: the card re-reads the organization's billing in place. */
  refresh: { verb: string; data: Record<string, string> };
  /** When this view was read, shown so a stale card is recognisable. */
  checkedAt: string;
}

export interface BillingBlockedCardData {
  title: string;
  text: string;
  blockers: Array<{ reason: string; fix: string }>;
  links: Link[];
}

export interface BillingConfirmCardData {
  title: string;
  facts: Fact[];
  notes: string[];
  confirmTitle: string;
  confirm: ChoiceData;
  cancel: ChoiceData;
}

export interface BillingRemoveConfirmCardData {
  title: string;
  facts: Fact[];
  consequences: string[];
  /** How the bot removes billing, and what Microsoft documents of that route. */
  method: string;
  leftover: string;
  docUrl: string;
  confirm: ChoiceData;
  cancel: ChoiceData;
}

export interface BillingResultCardData {
  title: string;
  text: string;
  facts: Fact[];
  nextSteps: string[];
  links: Link[];
}

export interface OrganizationPickerCardData {
  title: string;
  text: string;
  organizations: Array<{ name: string; detail: string; submit: ChoiceData }>;
  cancel: ChoiceData;
}

export interface SubscriptionPickerCardData {
  title: string;
  text: string;
  advice: string;
  eligible: Array<{ displayName: string; detail: string; submit: ChoiceData }>;
  ineligible: Array<{ displayName: string; detail: string; reasons: string[] }>;
  fixes: Array<{ label: string; fix: string; docUrl: string }>;
  cancel: ChoiceData;
}

/** A name with one line of detail: a person on a request, a request in a list, an audit entry. */
export interface DetailRow {
  name: string;
  detail: string;
}

export interface SeatRequestFormCardData {
  title: string;
  text: string;
  problems: string[];
  /** Prefilled from what was typed. */
  people: string;
  level: string;
  levels: Array<{ title: string; value: string }>;
  justification: string;
  submit: ChoiceData;
  cancel: ChoiceData;
}

export interface SeatRequestPreviewCardData {
  title: string;
  facts: Fact[];
  people: DetailRow[];
  unchanged: DetailRow[];
  costSummary: string;
  notes: string[];
  confirm: ChoiceData;
  cancel: ChoiceData;
}

/** What an approval card's buttons carry: which request and the version the viewer saw, never who acts. */
export interface DecisionData {
  requestId: string;
  version: number;
}

export interface SeatApprovalCardData {
  title: string;
  status: string;
  statusColor: 'Default' | 'Good' | 'Warning' | 'Attention' | 'Accent';
  facts: Fact[];
  people: DetailRow[];
  costSummary: string;
  errors: string[];
  note: string;
  canDecide: boolean;
  canRetry: boolean;
  decision: DecisionData;
}

export interface ListCardData {
  title: string;
  empty: string;
  items: Array<{ title: string; detail: string }>;
  note: string;
}

/** A question with one button per answer (Services or Server; the server release; the TFS 2015 update). */
export interface TestManagerQuestionCardData {
  title: string;
  text: string;
  choices: Array<{ title: string; submit: ChoiceData }>;
  /** What may be typed instead of clicking; empty for none. */
  hint: string;
  cancel: ChoiceData;
}

export interface TestManagerPeopleCardData {
  title: string;
  text: string;
  problems: string[];
  people: string;
  justification: string;
  submit: ChoiceData;
  cancel: ChoiceData;
}

/** An outcome that ends the flow: nothing to buy, a server too old, billing to set up first. */
export interface TestManagerNoticeCardData {
  title: string;
  text: string;
  people: DetailRow[];
  lines: string[];
  buttons: CommandButton[];
  links: Link[];
}

/** What a checklist step's Done toggle carries: which checklist and step, and the state the click asks for. */
export interface ChecklistToggleData {
  checklistId: string;
  stepId: string;
  done: boolean;
}

export interface TestManagerChecklistCardData {
  title: string;
  facts: Fact[];
  progress: string;
  progressColor: 'Default' | 'Good' | 'Warning' | 'Attention' | 'Accent';
  steps: Array<{ mark: string; text: string; state: string; toggleTitle: string; verb: string; toggle: ChecklistToggleData }>;
  note: string;
  docUrl: string;
}

/** The monthly cost digest posted to an organization's approvals conversation. */
export interface CostDigestCardData {
  title: string;
  summary: string;
  /** Organization, inactivity period, people to review, monthly saving, when it was read. */
  facts: Fact[];
  /** Heading over `people`, e.g. "Longest inactive (5 of 12)". */
  peopleTitle: string;
  /** The longest inactive candidates, a few only: the sweep lists everyone. */
  people: Array<{ name: string; detail: string }>;
  note: string;
  /** Starts the interactive sweep ("cost sweep for <org>"); none when there is nothing to review. */
  buttons: CommandButton[];
}

/**
 * What the cost sweep card's buttons carry: which organization and period, and the page. Who the admin keeps
 * arrives beside it as inputs: the toggles of the page shown (`keep:<sign-in name>`) and, once, the people kept on
 * other pages (`keptElsewhere`), so the kept list is not copied into every button.
 */
export interface SweepActionData {
  organizationId: string;
  inactiveDays: number;
  page: number;
}

/**
 * The Downgrade button also names the candidates the card showed: when they were swept (`sweptAt`) and a fingerprint
 * of their sign-in names (`shown`), so a click asks only for people the admin saw.
 */
export interface SweepDowngradeData extends SweepActionData {
  sweptAt: string;
  shown: string;
}

export interface CostSweepCardData {
  title: string;
  summary: string;
  /** The saving and its breakdown. */
  facts: Fact[];
  caveat: string;
  candidatesTitle: string;
  /** One page of candidates; `kept` is the toggle's value, `"true"` or `"false"`. */
  candidates: Array<{ name: string; detail: string; toggleId: string; kept: string }>;
  excludedTitle: string;
  excluded: DetailRow[];
  note: string;
  /** Sign-in names kept on other pages, one a line; empty when none. */
  keptElsewhere: string;
  canDowngrade: boolean;
  downgradeTitle: string;
  downgrade: SweepDowngradeData;
  current: SweepActionData;
  hasPrevious: boolean;
  previous: SweepActionData;
  hasNext: boolean;
  next: SweepActionData;
}
