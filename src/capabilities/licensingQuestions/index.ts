import type { CapabilityModule } from '../capability.js';
import { questionCommand } from './answer.js';

/** Licensing Q&A from the docs; it answers the recognizer's built-in `question` intent, so it has no trigger. */
export const licensingQuestions: CapabilityModule = {
  name: 'licensing questions',
  commands: [{ intent: 'question', replacesFlow: false }],
  help: {
    title: 'Ask a licensing question',
    description:
      'Access levels, free users, prices, Visual Studio subscriptions, what removing billing does — answered from the Microsoft docs, with the source.',
    example: 'Is the Azure free trial supported for billing?',
    button: 'Ask a question',
    command: 'what can I ask about licensing?',
  },
  create: ({ knowledge, cards }) => ({ handlers: { question: questionCommand({ knowledge, cards }) } }),
};
