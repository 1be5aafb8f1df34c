import { PrivateConversationState, type Storage, type TurnContext } from 'botbuilder';

/** Another turn of the same person and conversation (possibly on another instance) saved first; this turn's changes were not written. */
export class FlowStateConflictError extends Error {
  constructor(readonly key: string) {
    super('Two messages of one conversation were handled at the same time; the other one was kept. Please send this one again.');
    this.name = 'FlowStateConflictError';
  }
}

/** A store that can drop many records in one write (the lowdb store can; others just skip the sweep). */
export interface SweepableStorage extends Storage {
  deleteWhere?(select: (key: string, item: Readonly<Record<string, unknown>>) => boolean): Promise<number>;
}

const touchedAtKey = 'touchedAt';
/** Matches no stored eTag: a write naming it only creates. */
const unstoredETag = 'not-stored-yet';

/**
 * Dialog state per person and conversation that is kept only while a flow runs. botbuilder would save a record
 * for every (person, conversation) that ever wrote, each save rewriting the whole store file (10,000 records:
 * 70 ms a write). Here a turn that ends with no flow leaves nothing stored (and deletes what a finished flow left),
 * and records of flows idle past `expireAfterMs` (people who never came back) are swept, at most once per sweep period.
 */
export class FlowState extends PrivateConversationState {
  private nextSweepAt = 0;

  constructor(
    private readonly store: SweepableStorage,
    private readonly options: { expireAfterMs: number; now: () => Date },
  ) {
    super(store);
  }

  /**
   * botbuilder's `BotState` writes with eTag `*`, so of two instances handling one person's turns the later write
   * silently wins. Here the write names the eTag read at the start of the turn (a made-up one when nothing was
   * stored, which makes it "create only"), so the store refuses the later of two racing writes: the loser gets
   * `FlowStateConflictError` instead of overwriting the winner's progress.
   */
  override async saveChanges(context: TurnContext, force = false): Promise<void> {
    const state = this.get(context);
    if (state && isIdle(state)) await this.delete(context);
    else if (state || force) {
      const current = state ?? {};
      current[touchedAtKey] = this.options.now().getTime();
      const key = await this.storageKey(context);
      const readETag = typeof current.eTag === 'string' && current.eTag !== '*' ? current.eTag : unstoredETag;
      try {
        await this.store.write({ [key]: { ...current, eTag: readETag } });
      } catch (error) {
        if ((error as Error).name === 'ETagConflictError') throw new FlowStateConflictError(key);
        throw error;
      }
      // A second save in the same turn must name the eTag this write produced, not the one it replaced.
      current.eTag = (await this.store.read([key]))[key]?.eTag;
    }
    await this.sweepIfDue();
  }

  private async sweepIfDue(): Promise<void> {
    const now = this.options.now().getTime();
    if (!this.store.deleteWhere || now < this.nextSweepAt) return;
    this.nextSweepAt = now + this.options.expireAfterMs;
    const cutoff = now - this.options.expireAfterMs;
    // Records written before this class (no timestamp) are swept too: that is the backlog it exists to clear.
    await this.store.deleteWhere((_key, item) => {
      const touchedAt = item[touchedAtKey];
      return typeof touchedAt !== 'number' || touchedAt < cutoff;
    });
  }
}

/** No flow on the dialog stack and nothing else kept: nothing worth a record. */
function isIdle(state: Record<string, unknown>): boolean {
  return Object.entries(state).every(
    ([key, value]) => key === 'eTag' || key === touchedAtKey || value === undefined || isEmptyDialogState(value),
  );
}

function isEmptyDialogState(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const { dialogStack, ...rest } = value as { dialogStack?: unknown };
  return Array.isArray(dialogStack) && dialogStack.length === 0 && Object.keys(rest).length === 0;
}
