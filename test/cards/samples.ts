import { capabilityModules } from '../../src/capabilities/index.js';
import type { CardView, CardViews } from '../../src/cards/views.js';
import { answerCardData, unsureCardData } from '../../src/knowledge/cardData.js';
import { KnowledgeBase } from '../../src/knowledge/knowledgeBase.js';
import { checkSubscriptionEligibility } from '../../src/rules/eligibility.js';
import { parseServerVersion } from '../../src/rules/serverVersions.js';
import { checklistSteps, serverVersionChoices } from '../../src/rules/testManager.js';
import { sweepCardData } from '../../src/capabilities/costSweep/sweepCard.js';
import { estimateDowngrade, sweepInactivePaidUsers } from '../../src/rules/costSweep.js';
import type { EntitlementLike } from '../../src/rules/cost.js';

const submit = (choice: string) => ({ runId: '5f0c7f52-1f7e-4a47-9d35-2b8e8c2b3a10', step: 'subscription', choice });
const knowledge = new KnowledgeBase();
const parsedTfs2018 = parseServerVersion('TFS 2018 Update 3');
if (!parsedTfs2018.ok) throw new Error(parsedTfs2018.message);
const tfs2018 = parsedTfs2018.version;
const answered = knowledge.answer('Is the Azure free trial supported for billing?');
const unsure = knowledge.answer('billing');
if (answered.kind !== 'answer' || unsure.kind !== 'unsure') throw new Error('The sample questions no longer answer as expected');
const capabilities = capabilityModules.flatMap((module) => (module.help ? [module.help] : []));

const blockers = checkSubscriptionEligibility({
  subscription: {
    subscriptionId: '9abab42a-7b38-45a9-904a-2d278bd847ce',
    displayName: 'Azure Free Trial',
    tenantId: 'f5d5b1b4-1f2c-4d4e-8a4a-0c9f7f3c2b1a',
    state: 'Disabled',
    quotaId: 'FreeTrial_2014-09-01',
    spendingLimit: 'On',
  },
  organizationTenantId: '00000000-0000-0000-0000-0000000000001',
  role: 'None',
  isProjectCollectionAdmin: false,
}).blockers;

const facts = [
  { title: 'Organization', value: 'contoso-mobile' },
  { title: 'Subscription', value: 'Contoso Engineering (Pay-As-You-Go)' },
  { title: 'Subscription id', value: '744ebfcf-f5ce-46de-95c2-b0c7a2335015' },
];
const links = [{ title: 'Pay for users', url: 'https://learn.microsoft.com/azure/devops/organizations/billing/buy-basic-access-add-users' }];

const twentyPeople = Array.from({ length: 20 }, (_, i) => ({
  name: `Person Number ${i} (person.number.${i}@contoso-engineering.onmicrosoft.com)`,
  detail: 'Basic → Basic + Test Plans, +$46.00 a month. Basic + Test Plans is $52 per user a month; no free grant.',
}));

/**
 * A sweep of 60 people with long names: 30 inactive paid users (a page of 20 with toggles) and 25 left out with
 * reasons, built by the real rules and card code, so the page the bot sends is the one measured.
 */
function sweepSample(): CardViews['cost-sweep'] {
  const now = new Date('2026-11-30T12:00:00.000Z');
  const person = (i: number, level: 'express' | 'advanced' | 'stakeholder', source: 'account' | 'msdn' | 'gitHub', assignment: 'unknown' | 'groupRule', days?: number): EntitlementLike => ({
    principalName: `person.number.${i}@contoso-engineering.onmicrosoft.com`,
    displayName: `Person Number ${i} of the Platform Engineering Team`,
    accessLevel: { accountLicenseType: level, licensingSource: source, msdnLicenseType: source === 'msdn' ? 'enterprise' : 'none', assignmentSource: assignment },
    ...(days === undefined ? {} : { lastAccessedDate: new Date(now.getTime() - days * 86_400_000).toISOString() }),
  });
  const entitlements = [
    ...Array.from({ length: 30 }, (_, i) => person(i, i % 3 === 0 ? 'advanced' : 'express', 'account', 'unknown', i % 4 === 0 ? undefined : 40 + i)),
    ...Array.from({ length: 10 }, (_, i) => person(100 + i, 'express', 'msdn', 'unknown', 90)),
    ...Array.from({ length: 10 }, (_, i) => person(200 + i, 'express', 'account', 'groupRule', 90)),
    ...Array.from({ length: 5 }, (_, i) => person(300 + i, 'express', 'gitHub', 'unknown', 90)),
    ...Array.from({ length: 5 }, (_, i) => person(400 + i, 'express', 'account', 'unknown', 2)),
  ];
  const input = { organization: 'contoso-engineering', entitlements, now, billing: { multiOrganizationBilling: false } };
  const result = sweepInactivePaidUsers(input);
  if (!result.ok) throw new Error(result.message);
  const kept = new Set([result.candidates[1]?.principalName.toLowerCase() ?? '']);
  const chosen = result.candidates.map((candidate) => candidate.principalName).filter((name) => !kept.has(name.toLowerCase()));
  return sweepCardData({
    organization: { id: '92ed1254-d205-48e1-b839-9fac3e829e8b', name: 'contoso-engineering' },
    review: { result, chosen, chosenEstimate: estimateDowngrade(input, chosen), caveat: '' },
    page: 0,
    kept,
    inRequests: new Map([[result.candidates[2]?.principalName.toLowerCase() ?? '', 12]]),
    now,
  });
}

/** Realistic data for every template, including the longest lists the bot sends. */
export const samples: { [V in CardView]: CardViews[V] } = {
  welcome: { title: 'Hi, I help you run Azure DevOps billing', intro: 'Pick a button.', capabilities },
  error: { message: 'I could not finish that.', correlationId: '0b7d3c1e-7a51-4c1e-9b51-3f0a4b9c2d11', at: '2026-11-25T10:00:00.000Z' },
  'organization-picker': {
    title: 'Which organization?',
    text: 'Choose the Azure DevOps organization whose billing you want to set up.',
    organizations: Array.from({ length: 20 }, (_, i) => ({ name: `contoso-team-${i}`, detail: `https://dev.azure.com/contoso-team-${i}`, submit: submit(`org-${i}`) })),
    cancel: submit('cancel'),
  },
  'subscription-picker': {
    title: 'Which subscription pays for contoso-mobile?',
    text: 'All Azure DevOps charges of the organization go to one Azure subscription.',
    advice: 'You can see 73 subscriptions, but the billing page lists at most 50.',
    eligible: Array.from({ length: 12 }, (_, i) => ({
      displayName: `Contoso Pay-As-You-Go ${i}`,
      detail: `Pay-As-You-Go · Enabled · you are Owner · 744ebfcf-f5ce-46de-95c2-b0c7a23350${String(i).padStart(2, '0')}`,
      submit: submit(`sub-${i}`),
    })),
    ineligible: Array.from({ length: 6 }, (_, i) => ({
      displayName: `Blocked ${i}`,
      detail: 'Free Trial · Disabled',
      reasons: blockers.slice(i % 4, (i % 4) + 2).map((blocker) => blocker.reason),
    })),
    fixes: blockers.map((blocker) => ({ label: blocker.code, fix: blocker.fix, docUrl: blocker.docUrl })),
    cancel: submit('cancel'),
  },
  'billing-blocked': { title: 'You cannot set up billing for contoso-web', text: 'Only a PCA can.', blockers, links },
  'billing-confirm': {
    title: 'Confirm billing set-up',
    facts,
    notes: ['Billing is metered daily.', 'Linking alone costs nothing.'],
    confirmTitle: 'Link billing',
    confirm: submit('confirm'),
    cancel: submit('cancel'),
  },
  'billing-remove-confirm': {
    title: 'Remove billing from contoso-research?',
    facts,
    consequences: ['Paid Basic users lose access.', 'Artifacts above 2 GiB becomes read-only.'],
    method: 'How: I delete the billing resource (Microsoft.VisualStudio/account) in the subscription.',
    leftover: 'The resource group VisualStudioOnline-E37D0A91791D416E90865FA45BEE3142 is safe to delete.',
    docUrl: links[0]?.url ?? '',
    confirm: submit('remove'),
    cancel: submit('cancel'),
  },
  'billing-result': { title: 'Billing is set up', text: 'contoso-mobile is now billed.', facts, nextSteps: ['Pay for users.', 'Add a backup billing manager.'], links },
  'billing-status': {
    organization: 'contoso-web',
    linked: true,
    freeTierSummary: 'the organization uses the free tier only.',
    facts: [...facts, { title: 'Users this month', value: 'about $64 a month (estimate)' }],
    buttons: [{ title: 'Change subscription', command: 'change billing subscription for contoso-web' }],
    refresh: { verb: 'billingStatus/refresh', data: { organizationId: '6e2d0a7c-3b7e-4d5f-9a1b-2c3d4e5f6a7b' } },
    checkedAt: '2026-11-25 10:00 UTC',
  },
  'seat-request-form': {
    title: 'Request access in contoso-web',
    text: 'Who needs which access level?',
    problems: ['"bob" is not a sign-in address; use the person\'s email or user principal name.'],
    people: 'ann@contoso.com, bob',
    level: 'basicTestPlans',
    levels: [
      { title: 'Basic', value: 'basic' },
      { title: 'Basic + Test Plans', value: 'basicTestPlans' },
    ],
    justification: 'Release testing',
    submit: submit('submit'),
    cancel: submit('cancel'),
  },
  'seat-request-preview': {
    title: 'Request Basic + Test Plans in contoso-web?',
    facts,
    people: twentyPeople,
    unchanged: [{ name: 'megan@contoso.com', detail: 'Visual Studio Enterprise already includes Basic + Test Plans.' }],
    costSummary: 'Estimate: +$1,040.00 a month ($24.00 → $1,064.00), +$416.00 for the rest of November 2026 (12 of 30 days).',
    notes: ['Assigning an access level is the purchase.'],
    confirm: submit('send'),
    cancel: submit('cancel'),
  },
  'seat-approval': {
    title: 'Seat request 12: Basic + Test Plans for 20 people',
    status: 'Waiting for approval.',
    statusColor: 'Warning',
    facts: [...facts, { title: 'Why', value: 'Release testing for the Q1 train, see \\[ticket\\]' }],
    people: twentyPeople,
    costSummary: 'Estimate: +$1,040.00 a month.',
    errors: ['ann@contoso.com: Azure DevOps refused the change (403).'],
    note: '',
    canDecide: true,
    canRetry: false,
    decision: { requestId: '5f0c7f52-1f7e-4a47-9d35-2b8e8c2b3a10', version: 3 },
  },
  'seat-request-list': {
    title: 'Your seat requests',
    empty: 'You have not asked for any seats yet.',
    items: Array.from({ length: 10 }, (_, i) => ({ title: `Request ${i + 1}: Basic for 3 in contoso-web`, detail: 'waiting for approval · +$18.00 a month · 2026-11-30 · ann@contoso.com, …' })),
    note: 'Showing the newest 10 of 14.',
  },
  'licensing-answer': answerCardData(answered),
  'licensing-unsure': unsureCardData(unsure),
  'test-manager-question': {
    title: 'Which server do the testers use?',
    text: 'Pick the release, or type it (for example "TFS 2017 Update 3" or "Azure DevOps Server 2022.1").',
    choices: serverVersionChoices.map((choice) => ({ title: choice.title, submit: submit(choice.value) })),
    hint: 'Not sure? The version is under Help > About in the web portal of the server.',
    cancel: submit('cancel'),
  },
  'test-manager-people': {
    title: 'Grant Test Manager in contoso-web',
    text: 'Who needs Test Manager (Basic + Test Plans)? I check what each person already has before anything is bought.',
    problems: ['"bob" is not a sign-in address; use the person\'s email or user principal name.'],
    people: 'ann@contoso.com, bob',
    justification: 'Release testing on the TFS 2018 server',
    submit: submit('submit'),
    cancel: submit('cancel'),
  },
  'test-manager-notice': {
    title: 'Nothing to buy',
    text: 'Everyone you named already has Test Plans in contoso-web.',
    people: twentyPeople,
    lines: ['Visual Studio subscribers need nothing extra.', 'If the organization has not used its 30-day Test Plans trial, a Project Collection Administrator can start it.'],
    buttons: [{ title: 'Set up billing for contoso-mobile', command: 'set up billing for contoso-mobile' }],
    links: [{ title: 'Buy access to Azure DevOps Server or Test Plans', url: 'https://learn.microsoft.com/azure/devops/organizations/billing/buy-access-tfs-test-hub' }],
  },
  'test-manager-checklist': {
    title: 'TFS 2018: Test Manager for 20 people paid through contoso-web',
    facts: [
      { title: 'Server', value: 'TFS 2018 Update 3' },
      { title: 'Paid through', value: 'contoso-web' },
      { title: 'Seat request', value: '12: approved and assigned' },
    ],
    progress: '2 of 5 steps done',
    progressColor: 'Warning',
    steps: checklistSteps({ version: tfs2018, organizationName: 'contoso-web', people: twentyPeople.map((person) => person.name) }).map((step, i) => ({
      mark: i < 2 ? '✅' : '⬜',
      text: step.text,
      state: i < 2 ? 'Done by Patti Fernandez, 2026-11-30 10:12 UTC' : '',
      toggleTitle: i < 2 ? 'Undo' : 'Done',
      verb: 'testManager/toggleStep',
      toggle: { checklistId: '5f0c7f52-1f7e-4a47-9d35-2b8e8c2b3a10', stepId: step.id, done: i >= 2 },
    })),
    note: 'Everyone in this chat sees the same progress; the server itself is not changed by me.',
    docUrl: 'https://learn.microsoft.com/azure/devops/organizations/billing/buy-access-tfs-test-hub',
  },
  'cost-digest': {
    title: 'Monthly cost digest: contoso-engineering-platform',
    summary:
      '48 people in contoso-engineering-platform hold a paid access level but have not signed in for more than 30 days (or never). Moving them to Stakeholder saves about $1,104.00 a month (estimate, list prices as of 2025-01-01).',
    facts: [
      { title: 'Organization', value: 'contoso-engineering-platform' },
      { title: 'Inactive means', value: 'no sign-in for more than 30 days, or never' },
      { title: 'People to review', value: '48' },
      { title: 'Saving if all move to Stakeholder', value: 'about $1,104.00 a month (estimate)' },
      { title: 'Read', value: '2026-12-01 09:00 UTC' },
    ],
    peopleTitle: 'Longest inactive (5 of 48)',
    people: twentyPeople.slice(0, 5).map((person, i) => ({
      name: person.name,
      detail: `Basic + Test Plans · last signed in ${400 - i} days ago · saves about $52.00 a month`,
    })),
    note:
      'List prices as of 2025-01-01; paid access levels are billed daily while assigned, so a downgrade saves from the day it is made (https://learn.microsoft.com/azure/devops/organizations/billing/buy-basic-access-add-users). Nothing changes until someone runs the sweep and an approver agrees. This digest comes on the 1st of every month at 09:00 UTC; type **stop the cost digest for contoso-engineering-platform** to end it.',
    buttons: [{ title: 'Review in a cost sweep', command: 'cost sweep for contoso-engineering-platform' }],
  },
  'cost-sweep': sweepSample(),
};

/**
 * The other branches of the templates' `$when` and `$data`: empty lists, an unlinked organization, no advice, no
 * related questions. Rendering these between the samples shows that a template shared across renders carries
 * nothing over from one card to the next.
 */
export const variants: { [V in CardView]?: CardViews[V] } = {
  welcome: { title: 'What I can do', intro: 'Pick a button.', capabilities: capabilities.slice(0, 1) },
  'organization-picker': { title: 'Which organization?', text: 'None found.', organizations: [], cancel: submit('cancel') },
  'subscription-picker': {
    title: 'Which subscription pays for contoso-web?',
    text: 'None of your subscriptions can pay.',
    advice: '',
    eligible: [],
    ineligible: [{ displayName: 'Blocked', detail: 'Free Trial', reasons: [] }],
    fixes: [],
    cancel: submit('cancel'),
  },
  'billing-blocked': { title: 'Blocked', text: 'Nothing to fix.', blockers: [], links: [] },
  'billing-result': { title: 'Nothing changed', text: 'Billing already points there.', facts: [], nextSteps: [], links: [] },
  'billing-status': {
    organization: 'contoso-mobile',
    linked: false,
    freeTierSummary: 'the organization uses the free tier only.',
    facts: [],
    buttons: [],
    refresh: { verb: 'billingStatus/refresh', data: { organizationId: '92ed1254-d205-48e1-b839-9fac3e829e8b' } },
    checkedAt: '2026-11-26 08:30 UTC',
  },
  'licensing-answer': { ...answerCardData(answered), related: [], hasRelated: false, priceNote: '', hasPriceNote: false },
  'seat-approval': {
    title: 'Seat request 12: Basic for 1 person',
    status: 'Approved, but the assignment failed.',
    statusColor: 'Attention',
    facts,
    people: twentyPeople.slice(0, 1),
    costSummary: 'Estimate: +$6.00 a month.',
    errors: [],
    note: 'Approvers see the buttons.',
    canDecide: false,
    canRetry: true,
    decision: { requestId: '5f0c7f52-1f7e-4a47-9d35-2b8e8c2b3a10', version: 4 },
  },
  'seat-request-list': { title: 'Your seat requests', empty: 'You have not asked for any seats yet.', items: [], note: '' },
  'cost-digest': {
    title: 'Monthly cost digest: contoso-web',
    summary: 'Nobody in contoso-web holds a paid access level the organization pays for without having signed in for 30 days.',
    facts: [{ title: 'People to review', value: '0' }],
    peopleTitle: '',
    people: [],
    note: 'This digest comes on the 1st of every month at 09:00 UTC.',
    buttons: [],
  },
  'licensing-unsure': { closest: [], hasClosest: false },
  'test-manager-question': { title: 'Services or Server?', text: 'Where do they work?', choices: [], hint: '', cancel: submit('cancel') },
  'test-manager-people': { title: 'Grant Test Manager', text: 'Who?', problems: [], people: '', justification: '', submit: submit('submit'), cancel: submit('cancel') },
  'test-manager-notice': { title: 'Not supported', text: 'TFS 2015 is too old.', people: [], lines: [], buttons: [], links: [] },
};
