import type { Storage } from 'botbuilder';

/**
 * botbuilder `Storage` plus the two extras the app needs from every engine: listing keys by prefix (the change
 * ledger's recovery) and dropping records a predicate selects (FlowState's idle sweep).
 */
export interface KeyedStorage extends Storage {
  keys(prefix?: string): Promise<string[]>;
  deleteWhere(select: (key: string, item: Readonly<Record<string, unknown>>) => boolean): Promise<number>;
}
