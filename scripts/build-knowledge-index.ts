import { writeKnowledgeIndex } from '../src/knowledgeIndexFile.js';

/** Run by `npm run build` after the compiler: saves the licensing index next to the compiled code it belongs to. */
await writeKnowledgeIndex();
