import type { TriggerRules } from '../../commands/recognizer.js';

/**
 * "cost sweep", "cost sweep for contoso-web inactive 60 days", "reduce our Azure DevOps bill", "find inactive
 * users": an admin asking who they pay for that does not use it. "How do I reduce our bill?" stays a question.
 */
const sweepCommand = new RegExp(
  String.raw`^((run|start|do|show)( me)?( a| the)? )?(cost|licen[cs]e|seat|user) (sweep|review|clean ?up)\b|` +
    String.raw`^(reduce|lower|cut|trim) (our |my |the )?(azure devops |ado |devops )?(bill|costs?|spend(ing)?|licen[cs]e costs?)\b|` +
    String.raw`^(find|list|show)( me)? (the )?(inactive|idle|unused) (users|people|seats|licen[cs]es)\b`,
);
const sweepQuestion = /^(who|which (users|people)) (is|are|has been|have been) (inactive|idle|not (signing|logging) in|not using (it|azure devops|their (seats?|licen[cs]es?)))\b/;

export const costSweepTrigger: TriggerRules = {
  precedence: 40,
  command: (command) => sweepCommand.test(command),
  question: (cues) => sweepQuestion.test(cues.text),
};

export const restoreDowngradeTrigger: TriggerRules = {
  precedence: 5,
  command: (command) => /^(restore|undo|revert) (the )?(downgrade )?request (number |no\.? )?#?\d{1,9}\b/.test(command),
};
