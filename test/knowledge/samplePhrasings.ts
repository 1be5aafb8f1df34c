/**
 * Other ways of asking each dev-sample question, written for the tests (none copied from the sample or from an
 * article). Judged with the sample's own facts, they show the answers carry the facts, not just the wording.
 */
export const samplePhrasings: Array<[sampleQuestion: string, phrasings: string[]]> = [
  [
    'Is the Azure free trial supported for Azure DevOps billing?',
    [
      'Will an Azure free trial subscription work to pay for Azure DevOps?',
      'Can a trial Azure sub be linked for billing?',
      'free trial subscription for billing azure devops — allowed?',
      'Does Azure DevOps billing support Azure free trial subscriptions?',
      'We only have an Azure free trial. Can we use it to buy Basic seats?',
    ],
  ],
  [
    'What role do I need on the Azure subscription to set up billing?',
    [
      'Which Azure RBAC role is needed on the subscription to link billing?',
      'Do I need Owner on the subscription to configure billing?',
      'what subscription permissions are required for billing setup',
      'Which role on the Azure subscription lets me set up Azure DevOps billing?',
      'What Azure access do I need on a subscription before linking it to my organization?',
    ],
  ],
  [
    'Who can set up billing for an organization?',
    [
      'Who is allowed to configure billing for an Azure DevOps org?',
      'which Azure DevOps admins can link a subscription',
      'Can a project admin set up billing or does it need someone else?',
      'Who has permission to set up billing in Azure DevOps?',
      'Can anyone in my organization set up billing?',
    ],
  ],
  [
    'Can one Azure subscription pay for several organizations?',
    [
      'Can multiple orgs share one Azure subscription for billing?',
      'Is it possible to use the same subscription for several Azure DevOps organizations?',
      'One Azure subscription for many Azure DevOps organizations: is that supported?',
      'Can several orgs be billed to a single Azure subscription?',
    ],
  ],
  [
    'How much does a Basic user cost?',
    [
      'What does Basic access cost per user per month?',
      'price of a basic license',
      'Basic user pricing and free users',
      'How much do Basic users cost and how many are free?',
      'Basic access price?',
    ],
  ],
  [
    'How much is Basic + Test Plans per user per month?',
    [
      "What's the monthly price of Basic + Test Plans?",
      'Test Plans cost per user',
      'How much is a Basic + Test Plans license?',
      'Price for Test Plans users',
    ],
  ],
  [
    'Are stakeholders free?',
    [
      'Any fee for Stakeholder users?',
      'Is the stakeholder access level free of charge?',
      'stakeholders: paid or free of charge?',
      'Do we pay for Stakeholders?',
    ],
  ],
  [
    'Do I have to pay for Visual Studio subscribers?',
    [
      'Are Visual Studio subscribers charged in Azure DevOps?',
      'Do we need to pay for users that have MSDN?',
      'Do VS Enterprise subscribers need a paid Basic license?',
      'Does a VS subscriber use up a paid seat?',
      'Do Visual Studio subscribers count as paid users?',
    ],
  ],
  [
    'What happens if I remove billing from my organization?',
    [
      'What happens when billing is removed from an organization?',
      'If I unlink the Azure subscription, what happens to paid users?',
      'consequences of disconnecting billing from our org',
      'What happens to my organization if I remove the billing subscription?',
      'Removing billing: what changes and when?',
    ],
  ],
  [
    'Is the leftover resource group safe to delete after changing the subscription?',
    [
      'Can I delete the old VisualStudioOnline resource group after switching subscriptions?',
      'Is removing the leftover resource group in the previous subscription OK?',
      'Can the resource group left in the old subscription be deleted safely?',
      'Is it safe to delete the VisualStudioOnline resource group?',
    ],
  ],
  [
    'Which minimum TFS version can pay for users through Azure DevOps Services?',
    [
      "What's the oldest TFS version that supports paying for users via Azure DevOps?",
      'Minimum Team Foundation Server version for monthly user billing through an organization',
      'What TFS version do I need to pay for users monthly through Azure DevOps?',
      'Which TFS release is required to buy user access through an Azure DevOps organization?',
    ],
  ],
  [
    'What access level should I give on TFS 2018 for Test Manager users?',
    [
      'Which access level do Test Manager users need on TFS 2018?',
      'TFS 2017 access level for users paid with Test Manager',
      'Test Manager users on TFS 2018: which access level?',
      'What TFS 2018 access level gives Test Plans to users we pay for?',
    ],
  ],
  [
    'What access level do I set on Azure DevOps Server 2019 for testers?',
    [
      'Azure DevOps Server 2019 access level for testers',
      'Which access level should people using Test Plans get on ADS 2019?',
      'What access level do testers need in Azure DevOps Server 2019?',
      'Azure DevOps Server 2019: access level for Test Plans users paid in the organization',
    ],
  ],
  [
    'Does the server detect the users I paid for in my organization?',
    [
      'Will Azure DevOps Server automatically see users I paid for in the cloud organization?',
      'Are access levels synced from Azure DevOps Services to our on-prem server?',
      'Does Azure DevOps Server know which users I pay for in Azure DevOps Services?',
      'Is there an automatic sync of paid users between my organization and the server?',
    ],
  ],
  [
    'What if we stop paying for our TFS users monthly?',
    [
      'What should we do if we stop paying monthly for our TFS users?',
      "We're cancelling the monthly payment for on-prem users, now what?",
      'If we stop paying for TFS users through Azure DevOps, what then?',
      'Stopped paying monthly for server users — what must the admin do?',
    ],
  ],
  [
    'Do the 5 free Basic users apply to Azure DevOps Server?',
    [
      'Are the five free Basic users also valid on Azure DevOps Server?',
      'Do free org users count for on-prem TFS?',
      'Do the free Basic users apply to on-prem Azure DevOps Server?',
      'Does Azure DevOps Server get the five free users too?',
    ],
  ],
  [
    'Which API value means Basic in the user entitlements API?',
    [
      'What is the API value for Basic in accountLicenseType?',
      'In the REST API, which license type string is Basic?',
      'Which accountLicenseType value is Basic?',
      'How is Basic represented in the User Entitlements REST API?',
    ],
  ],
  [
    'What is accountLicenseType advanced?',
    [
      'What does advanced mean in the user entitlements API?',
      'accountLicenseType advanced meaning',
      'What access level is accountLicenseType advanced?',
      'advanced license type in the API — which access level is that?',
    ],
  ],
  [
    'Can stakeholders use Test Plans?',
    [
      'Can a stakeholder use Azure Test Plans?',
      'Do Stakeholders have access to test plans?',
      'Are Stakeholders able to use Test Plans?',
      'Test Plans with Stakeholder access?',
    ],
  ],
  [
    'Am I billed for every user in my Entra ID directory?',
    [
      'Do we pay for all users in our Azure AD tenant?',
      'Are we charged for every Entra ID account?',
      'Do I pay for every user in Microsoft Entra ID?',
      'Are all directory users billed?',
    ],
  ],
  [
    'Does adding a user to a group rule with Basic cost money?',
    [
      'Does a group rule granting Basic cost money?',
      'When do group rule users start being charged?',
      'Do users added through a group rule cost money?',
      'Will adding people to an Entra group with a Basic rule cost us?',
    ],
  ],
  [
    'When does a direct access level assignment start costing money?',
    [
      'Is a user I directly assign Basic charged even if they never log in?',
      'When does billing start for a directly assigned Basic user?',
      'When is a directly assigned user charged?',
      'If I assign Basic directly, when does the charge start?',
    ],
  ],
  [
    'How is Azure DevOps user billing prorated?',
    [
      'Is user billing prorated daily?',
      'If someone has Basic for part of a month, how is it charged?',
      'How are Azure DevOps user charges prorated?',
      'Are users billed per day?',
    ],
  ],
  [
    "My subscription doesn't appear in the list when setting up billing, why?",
    [
      "Why can't I find my subscription when setting up billing?",
      "the billing subscription dropdown doesn't show my subscription",
      "Why isn't my subscription listed when I set up billing?",
      'My Azure subscription is missing from the billing setup list',
    ],
  ],
  [
    'Can I use the monthly Azure credit from my Visual Studio subscription to pay for Azure DevOps?',
    [
      'Can Visual Studio subscription credits be used to pay for Azure DevOps?',
      'Use MSDN monthly Azure credit for Azure DevOps billing?',
      "Can I pay for Azure DevOps with my Visual Studio subscription's Azure credits?",
      'Does the Visual Studio Azure credit cover Azure DevOps charges?',
    ],
  ],
  [
    'How do I add a backup billing manager?',
    [
      'How can I give someone else billing management rights?',
      'add another billing admin for our Azure DevOps organization',
      'How do I add another billing manager?',
      'How do I let someone else manage billing?',
    ],
  ],
  [
    'How do I reduce costs for inactive users?',
    [
      "How do I stop paying for users who don't use Azure DevOps anymore?",
      'save money on inactive Basic users',
      'How do I cut costs on inactive users?',
      "What can I do about users who don't sign in anymore but still cost money?",
    ],
  ],
  [
    'What is multi-organization billing?',
    [
      'Explain multi-org billing',
      'Do users in several organizations get billed once?',
      'What does multi-organization billing mean?',
      'How does multi-org billing charge users?',
    ],
  ],
  [
    'Does a Visual Studio Professional subscription include Test Plans?',
    [
      'Do Visual Studio Professional subscribers get Test Plans?',
      'Is Test Plans included with VS Professional?',
      'Does VS Professional include Test Plans?',
      'Do VS Professional subscribers have Basic + Test Plans?',
    ],
  ],
  [
    'Which Visual Studio subscriptions include Test Plans?',
    [
      'Which VS subscriptions give Basic + Test Plans?',
      'What Visual Studio subscription levels include Azure Test Plans?',
      'Which Visual Studio subscriptions give access to Test Plans?',
      'Which subscriptions include Azure Test Plans at no extra cost?',
    ],
  ],
  [
    'Which account should Test Manager users sign in to Test Professional with?',
    [
      'What identity should testers use to sign in to Test Professional?',
      'Test Manager users and Test Professional: which login?',
      'Which credentials should Test Manager users use in Test Professional?',
      'How do Test Manager users sign in to Visual Studio Test Professional?',
    ],
  ],
  [
    'Is Azure DevOps Server free for 5 users?',
    [
      'Is on-prem Azure DevOps Server free for five users?',
      'Do we get 5 free users on Azure DevOps Server?',
      'Is Azure DevOps Server free for small teams of 5?',
      'Can five people use Azure DevOps Server for free?',
    ],
  ],
  [
    'How many free Microsoft-hosted parallel jobs do I get?',
    [
      'How many free hosted parallel jobs and minutes do we get?',
      'free Microsoft-hosted pipelines: how many jobs and minutes?',
      'How many Microsoft-hosted parallel jobs are free?',
      'What is free for Microsoft-hosted CI/CD?',
    ],
  ],
  [
    'How much Azure Artifacts storage is free?',
    [
      'How much Artifacts storage do we get for free?',
      'free package storage in Azure Artifacts',
      'How much free storage does Azure Artifacts include?',
      'Azure Artifacts free tier storage',
    ],
  ],
  [
    'Why should I pay for Azure DevOps Server users through Azure DevOps Services?',
    [
      'What are the benefits of paying for server users monthly through Azure DevOps Services?',
      'Why not buy CALs instead of paying monthly for TFS users through an org?',
      "What's the advantage of paying monthly through Azure DevOps Services for server users?",
      'Why use Azure DevOps Services billing for Azure DevOps Server users instead of CALs?',
    ],
  ],
];
