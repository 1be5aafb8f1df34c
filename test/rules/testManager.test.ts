import { describe, expect, it } from '@jest/globals';
import type { RestAccessLevel } from '../../src/rules/restValues.js';
import { parseServerVersion, type ServerVersion } from '../../src/rules/serverVersions.js';
import {
  checklistStepIds,
  checklistSteps,
  deploymentIn,
  needsUpdateNumber,
  notSupportedAdvice,
  personSituation,
  serverVersionChoices,
  serverVersionIn,
  testManagerOutcome,
  testPlansTrialNote,
  type PersonSituation,
  type TestManagerTarget,
} from '../../src/rules/testManager.js';

function version(text: string): ServerVersion {
  const parsed = parseServerVersion(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.version;
}

const rest = (accountLicenseType: RestAccessLevel['accountLicenseType'], licensingSource: RestAccessLevel['licensingSource'] = 'account', msdnLicenseType: RestAccessLevel['msdnLicenseType'] = 'none'): RestAccessLevel => ({
  accountLicenseType,
  licensingSource,
  msdnLicenseType,
});

const vsEnterprise = rest('none', 'msdn', 'enterprise');
const vsTestProfessional = rest('none', 'msdn', 'testProfessional');
const msdnPlatforms = rest('none', 'msdn', 'platforms');
const vsProfessional = rest('none', 'msdn', 'professional');
const testPlansAssigned = rest('advanced');
const basic = rest('express');
const stakeholder = rest('stakeholder');

const services: TestManagerTarget = { deployment: 'services' };
const server = (text: string): TestManagerTarget => ({ deployment: 'server', version: version(text) });

describe('testManagerOutcome: where the people work × what they hold → outcome and server level', () => {
  it.each<[string, TestManagerTarget, RestAccessLevel | null, 'nothing_to_buy' | 'request_seat' | 'not_supported', string | null]>([
    ['Services, VS Enterprise', services, vsEnterprise, 'nothing_to_buy', null],
    ['Services, VS Test Professional', services, vsTestProfessional, 'nothing_to_buy', null],
    ['Services, MSDN Platforms', services, msdnPlatforms, 'nothing_to_buy', null],
    ['Services, Basic + Test Plans already', services, testPlansAssigned, 'nothing_to_buy', null],
    ['Services, VS Professional (Basic only)', services, vsProfessional, 'request_seat', null],
    ['Services, Basic', services, basic, 'request_seat', null],
    ['Services, Stakeholder', services, stakeholder, 'request_seat', null],
    ['Services, not in the organization', services, null, 'request_seat', null],
    ['TFS 2015 RTM, Basic', server('TFS 2015'), basic, 'not_supported', null],
    ['TFS 2015 Update 1, VS Enterprise', server('TFS 2015 Update 1'), vsEnterprise, 'not_supported', null],
    ['TFS 2013, not in the organization', server('TFS 2013'), null, 'not_supported', null],
    ['TFS 2015 Update 2, Basic', server('TFS 2015 Update 2'), basic, 'request_seat', 'Advanced'],
    ['TFS 2015 Update 4, VS Enterprise', server('TFS 2015 Update 4'), vsEnterprise, 'nothing_to_buy', 'Advanced'],
    ['TFS 2017, Stakeholder', server('TFS 2017'), stakeholder, 'request_seat', 'Advanced'],
    ['TFS 2017 Update 3.1, Basic + Test Plans already', server('TFS 2017 Update 3.1'), testPlansAssigned, 'nothing_to_buy', 'Advanced'],
    ['TFS 2018, not in the organization', server('TFS 2018'), null, 'request_seat', 'Advanced'],
    ['TFS 2018, VS Test Professional', server('TFS 2018'), vsTestProfessional, 'nothing_to_buy', 'Advanced'],
    ['Azure DevOps Server 2019, Basic', server('Azure DevOps Server 2019'), basic, 'request_seat', 'Basic + Test Plans'],
    ['Azure DevOps Server 2019, MSDN Platforms', server('Azure DevOps Server 2019'), msdnPlatforms, 'nothing_to_buy', 'Basic + Test Plans'],
    ['Azure DevOps Server 2020.1, VS Professional', server('Azure DevOps Server 2020.1'), vsProfessional, 'request_seat', 'Basic + Test Plans'],
    ['Azure DevOps Server 2022, Basic + Test Plans already', server('Azure DevOps Server 2022'), testPlansAssigned, 'nothing_to_buy', 'Basic + Test Plans'],
    ['Azure DevOps Server 2022.2, Stakeholder', server('Azure DevOps Server 2022.2'), stakeholder, 'request_seat', 'Basic + Test Plans'],
    ['Azure DevOps Server (current), not in the organization', server('Azure DevOps Server'), null, 'request_seat', 'Basic + Test Plans'],
    ['Azure DevOps Server (current), VS Enterprise', server('Azure DevOps Server'), vsEnterprise, 'nothing_to_buy', 'Basic + Test Plans'],
  ])('%s', (_case, target, held, kind, serverLevel) => {
    const outcome = testManagerOutcome(target, personSituation(held));
    expect(outcome.kind).toBe(kind);
    expect(outcome.serverLevel).toBe(serverLevel);
  });

  it('says why, in a sentence naming what the person holds', () => {
    expect(testManagerOutcome(services, personSituation(vsEnterprise)).why).toBe(
      'Visual Studio Enterprise already includes Basic + Test Plans, so there is nothing to buy.',
    );
    expect(testManagerOutcome(services, personSituation(basic)).why).toBe('Has Basic; needs Basic + Test Plans.');
    expect(testManagerOutcome(server('TFS 2015'), personSituation(basic)).why).toMatch(/TFS 2015 is older than TFS 2015 Update 2/);
  });

  it.each<[RestAccessLevel | null, PersonSituation]>([
    [vsEnterprise, { kind: 'visualStudio', subscription: 'Visual Studio Enterprise' }],
    [rest('advanced', 'msdn', 'professional'), { kind: 'testPlansAssigned' }],
    [rest('express', 'gitHub'), { kind: 'needsSeat', current: 'GitHub Enterprise user' }],
    [null, { kind: 'needsSeat', current: 'not in the organization yet' }],
  ])('reads %j as %j', (held, situation) => {
    expect(personSituation(held)).toEqual(situation);
  });
});

describe('reading where the people work from the message', () => {
  it.each<[string, 'services' | 'server' | undefined, string | undefined]>([
    ['give our TFS 2018 testers Test Manager', 'server', 'tfs 2018'],
    ['grant Test Manager to bob@contoso.com', undefined, undefined],
    ['grant test manager on azure devops server 2022.1 to ann@contoso.com', 'server', 'azure devops server 2022.1'],
    ['grant test manager on Azure DevOps Server to ann@contoso.com', 'server', 'azure devops server'],
    ['grant test manager for our on-prem testers', 'server', undefined],
    ['grant test manager on TFS 2015 Update 2', 'server', 'tfs 2015 update 2'],
    ['grant test manager on TFS 2016', 'server', undefined],
    ['grant test manager in azure devops services to bob@contoso.com', 'services', undefined],
    ['bob needs Test Plans in the cloud', 'services', undefined],
  ])('%j → %s, version %j', (text, deployment, versionText) => {
    expect(deploymentIn(text)).toBe(deployment);
    expect(serverVersionIn(text)).toBe(versionText);
  });

  it('asks for the TFS 2015 update only when none was named', () => {
    expect(needsUpdateNumber('TFS 2015', version('TFS 2015'))).toBe(true);
    expect(needsUpdateNumber('TFS 2015 RTM', version('TFS 2015 RTM'))).toBe(false);
    expect(needsUpdateNumber('TFS 2015.2', version('TFS 2015.2'))).toBe(false);
    expect(needsUpdateNumber('TFS 2018', version('TFS 2018'))).toBe(false);
  });

  it('offers a button per release, each one readable by the version parser', () => {
    expect(serverVersionChoices.map((choice) => parseServerVersion(choice.value).ok)).toEqual(serverVersionChoices.map(() => true));
  });
});

describe('checklistSteps', () => {
  it.each<[string, string]>([
    ['TFS 2015 Update 2', '"Advanced"'],
    ['TFS 2018', '"Advanced"'],
    ['Azure DevOps Server 2019', '"Basic + Test Plans"'],
    ['Azure DevOps Server', '"Basic + Test Plans"'],
  ])('on %s sets the level %s and lists the five steps', (text, level) => {
    const steps = checklistSteps({ version: version(text), organizationName: 'contoso-web', people: ['ann@contoso.com', 'bob@contoso.com'] });
    expect(steps.map((step) => step.id)).toEqual(checklistStepIds);
    expect(steps[0]?.text).toContain(level);
    expect(steps[0]?.text).toContain('ann@contoso.com, bob@contoso.com');
    expect(steps.map((step) => step.text).join(' ')).toMatch(/same identity.*does not see.*5 free Basic users.*remove them from the server or buy client access licenses/s);
  });

  it('refuses a server that cannot use organization-paid users', () => {
    expect(() => checklistSteps({ version: version('TFS 2015'), organizationName: 'contoso-web', people: [] })).toThrow(/cannot use/);
  });

  it('explains what to do instead on a server that is too old', () => {
    const advice = notSupportedAdvice(version('TFS 2015 Update 1'));
    expect(advice[1]).toContain('TFS 2015 Update 2 or later');
    expect(advice.join(' ')).toContain('client access licenses (CALs)');
  });
});

describe('testPlansTrialNote', () => {
  it('offers the trial unless one is visibly running', () => {
    expect(testPlansTrialNote([basic, stakeholder])).toContain('30-day Test Plans trial');
    expect(testPlansTrialNote([basic, rest('advanced', 'trial')])).toBeUndefined();
  });
});
