import type { TriggerRules } from '../../commands/recognizer.js';

const billingObject = String.raw`(billing|azure billing|payment|the billing subscription|(an? |the |my |our )?(azure )?(billing )?(subscription|sub))`;
const setUpPattern = new RegExp(
  String.raw`^((set ?up|setup|configure|enable|start|add|create|turn on)( up)?( the| an?| my| our)? (azure )?(billing|payment)|` +
    String.raw`(link|connect|attach|associate|hook up)\b.*\b(subscription|sub|billing)\b|` +
    String.raw`add (an? |the |my |our )?(azure )?(billing )?(subscription|sub)\b|` +
    String.raw`billing setup|new billing)`,
);
const changePattern = new RegExp(String.raw`^(change|switch|move|swap|replace|update|modify)\b.*\b${billingObject}\b`);
const removePattern = new RegExp(
  String.raw`^(remove|unlink|disconnect|detach|delete|disable|turn off|stop|cancel|end)\b.*\b${billingObject}\b`,
);

/** Removing and changing name the same object as setting up, so they are tried first. */
export const removeBillingTrigger: TriggerRules = {
  precedence: 20,
  command: (command) => removePattern.test(command),
  organizationAfterTo: true,
};

export const changeBillingTrigger: TriggerRules = {
  precedence: 30,
  command: (command) => changePattern.test(command),
  organizationAfterTo: true,
};

export const setUpBillingTrigger: TriggerRules = {
  precedence: 40,
  command: (command) => setUpPattern.test(command),
  organizationAfterTo: true,
};
