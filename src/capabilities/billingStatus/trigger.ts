import type { TriggerRules } from '../../commands/recognizer.js';

const statusPattern = new RegExp(
  String.raw`^((show|check|get|view|display|list|see|give)( me)?( the| my| our)? (current )?(billing|subscription)` +
    String.raw`( status| info| information| details| overview| settings| setup)?|` +
    String.raw`billing (status|info|information|details|overview)|status( of billing)?|my billing)\b`,
);
/**
 * Status asked as a question about one's own or a named organization ("is billing set up for fabrikam?",
 * "what's my billing status?"); the same words about organizations in general are a question for the articles.
 */
const statusQuestion = new RegExp(
  String.raw`^((what's|what is|whats) (the |my |our )?billing status|is billing (set ?up|configured|enabled|linked|active)|` +
    String.raw`(which|what) (azure )?subscription (pays|is linked|is used|bills|is billing))\b`,
);

export const billingStatusTrigger: TriggerRules = {
  precedence: 50,
  command: (command) => statusPattern.test(command),
  question: (cues) => statusQuestion.test(cues.text) && (cues.ownOrganization || cues.namesOrganization()),
  organizationAfterTo: true,
};
