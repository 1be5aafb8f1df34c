import type { Storage } from 'botbuilder';
import type { PostedCard } from '../../approvals/seatRequest.js';
import { checklistStepIds, type ChecklistStepId } from '../../rules/testManager.js';

/** Who ticked a step and when; absent while the step is open. */
export interface StepDone {
  by: { aadObjectId: string; displayName?: string };
  at: string;
}

/**
 * A server admin's checklist after Test Manager was bought for server users. It stores what the steps are computed
 * from (release, organization, people) and which are done; the texts come from the rules module at render time.
 */
export interface ServerChecklist {
  id: string;
  tenantId: string;
  /** The server release as parsed, e.g. "TFS 2018". */
  serverVersion: string;
  organization: { id: string; name: string };
  people: string[];
  /** The seat request raised for the people who needed a seat; absent when nobody needed one. */
  requestId?: string;
  createdBy: { aadObjectId: string; displayName?: string };
  createdAt: string;
  done: Partial<Record<ChecklistStepId, StepDone>>;
  /** Where the card was posted, so a toggle updates every copy. */
  cards: PostedCard[];
}

type Stored = ServerChecklist & { eTag?: string };

export type ToggleOutcome = { kind: 'not_found' } | { kind: 'unknown_step' } | { kind: 'done'; checklist: ServerChecklist };

/**
 * Checklists in the settings store, one item per checklist. Every change is a compare-and-set on the eTag that was
 * read, retried on a conflict, so two people ticking two steps at the same moment both count.
 */
export class ServerChecklists {
  constructor(private readonly storage: Storage) {}

  async create(checklist: ServerChecklist): Promise<void> {
    await this.storage.write({ [keyOf(checklist.id)]: { ...checklist, eTag: '*' } });
  }

  async get(id: string): Promise<ServerChecklist | undefined> {
    const stored = await this.read(id);
    return stored ? withoutETag(stored) : undefined;
  }

  /** Sets a step to the state the click asked for (not a flip), so a retried or doubled click changes nothing more. */
  async setStep(id: string, stepId: string, done: boolean, actor: StepDone['by'], at: string): Promise<ToggleOutcome> {
    if (!isStepId(stepId)) return { kind: 'unknown_step' };
    return this.change(id, (checklist) => {
      const next = { ...checklist.done };
      if (done && !next[stepId]) next[stepId] = { by: actor, at };
      if (!done) delete next[stepId];
      return { ...checklist, done: next };
    });
  }

  async recordCard(id: string, card: PostedCard): Promise<void> {
    await this.change(id, (checklist) => ({ ...checklist, cards: [...checklist.cards, card] }));
  }

  private async change(id: string, apply: (checklist: ServerChecklist) => ServerChecklist): Promise<ToggleOutcome> {
    for (let attempt = 0; ; attempt += 1) {
      const stored = await this.read(id);
      if (!stored) return { kind: 'not_found' };
      const next = apply(withoutETag(stored));
      try {
        await this.storage.write({ [keyOf(id)]: { ...next, eTag: stored.eTag } });
        return { kind: 'done', checklist: next };
      } catch (error) {
        if (!isETagConflict(error) || attempt >= 20) throw error;
      }
    }
  }

  private async read(id: string): Promise<Stored | undefined> {
    const key = keyOf(id);
    return (await this.storage.read([key]))[key] as Stored | undefined;
  }
}

function keyOf(id: string): string {
  return `test-manager-checklists/${id.toLowerCase()}`;
}

function withoutETag(stored: Stored): ServerChecklist {
  const { eTag: _eTag, ...checklist } = stored;
  return checklist;
}

function isStepId(value: string): value is ChecklistStepId {
  return (checklistStepIds as readonly string[]).includes(value);
}

/** botbuilder's stores (memory, Cosmos, blobs) and ours all say "eTag conflict" in the message. */
function isETagConflict(error: unknown): boolean {
  return error instanceof Error && /etag/i.test(error.message);
}
