/** Ids from src/azure/sandbox/sandbox-tenant.json that the dialog tests refer to by role. */
export const subscriptions = {
  payAsYouGo: { id: '744ebfcf-f5ce-46de-95c2-b0c7a2335015', name: 'Contoso Engineering (Pay-As-You-Go)' },
  enterpriseAgreement: { id: 'b7b9339e-9630-4ecd-85f4-f325b60b33e1', name: 'Contoso Enterprise Agreement - Production' },
  freeTrial: { id: '9abab42a-7b38-45a9-904a-2d278bd847ce', name: 'Azure Free Trial' },
  spendingLimit: { id: '04b392c8-8ae3-4db1-b8fa-9452bcd5e0f1', name: 'Visual Studio Enterprise Subscription - Alex Wilber' },
  disabled: { id: '93280fa6-d09f-4442-b4b8-a3d734e99d4f', name: 'Contoso Legacy Dev/Test' },
  otherTenant: { id: '9c90dea8-a896-4de1-b5d5-aa679a807eac', name: 'Fabrikam Partner Projects (Pay-As-You-Go)' },
  noRole: { id: '572b4fd7-36fd-4d06-b18a-6fd6726c2941', name: 'Contoso Marketing Analytics' },
};

export const organizations = {
  linkedToPayAsYouGo: 'contoso-web',
  notLinked: 'contoso-mobile',
  linkedToEnterpriseAgreement: 'contoso-research',
};
