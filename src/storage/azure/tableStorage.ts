import type { StoreItems } from 'botbuilder';
import type { TableClient } from '@azure/data-tables';
import { ETagConflictError } from '../jsonFileStorage.js';
import type { KeyedStorage } from '../keyedStorage.js';
import { documentOf, documentProperties, keyOfRow, prefixFilter, rowKeyOf, statusOf } from './tables.js';

const partition = 'item';

/** Table eTags are weak validators carrying the entity's timestamp. */
function isTableETag(eTag: string): boolean {
  return eTag.startsWith('W/"datetime');
}

/**
 * botbuilder `Storage` on one Azure table, with the eTag rules of MemoryStorage and the lowdb store: `*` or no eTag
 * overwrites; any other eTag must match the stored entity's eTag (If-Match, so the service decides, across every
 * instance) or the write fails with `ETagConflictError`. A key not stored yet is created only if nobody else
 * created it first: that is the "create only" the app's made-up eTags ask for.
 *
 * Each key is its own conditional write: a batch is not all-or-nothing across keys (botbuilder's Cosmos DB store
 * behaves the same), and every caller in this app writes one key per call.
 */
export class TableStorage implements KeyedStorage {
  constructor(private readonly table: TableClient) {}

  async read(keys: string[]): Promise<StoreItems> {
    const items: StoreItems = {};
    await Promise.all(
      keys.map(async (key) => {
        try {
          const entity = await this.table.getEntity<Record<string, unknown>>(partition, rowKeyOf(key));
          items[key] = { ...documentOf<Record<string, unknown>>(entity), eTag: entity.etag };
        } catch (error) {
          if (statusOf(error) !== 404) throw error;
        }
      }),
    );
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    for (const [key, change] of Object.entries(changes)) {
      const { eTag, ...value } = (change ?? {}) as Record<string, unknown> & { eTag?: unknown };
      const entity = { partitionKey: partition, rowKey: rowKeyOf(key), ...documentProperties(key, value) };
      if (typeof eTag !== 'string' || eTag === '*' || eTag === '') {
        await this.table.upsertEntity(entity, 'Replace');
        continue;
      }
      // An eTag this table never issued (a made-up "create only" one) cannot match: the write may only create.
      if (isTableETag(eTag)) {
        try {
          await this.table.updateEntity(entity, 'Replace', { etag: eTag });
          continue;
        } catch (error) {
          if (statusOf(error) === 412) throw new ETagConflictError(key);
          if (statusOf(error) !== 404) throw error;
        }
      }
      try {
        await this.table.createEntity(entity);
      } catch (error) {
        if (statusOf(error) === 409) throw new ETagConflictError(key);
        throw error;
      }
    }
  }

  async delete(keys: string[]): Promise<void> {
    await Promise.all(
      keys.map(async (key) => {
        try {
          await this.table.deleteEntity(partition, rowKeyOf(key));
        } catch (error) {
          if (statusOf(error) !== 404) throw error;
        }
      }),
    );
  }

  async keys(prefix = ''): Promise<string[]> {
    const keys: string[] = [];
    const entities = this.table.listEntities({ queryOptions: { filter: prefixFilter(partition, prefix), select: ['RowKey'] } });
    for await (const entity of entities) keys.push(keyOfRow(entity.rowKey as string));
    return keys;
  }

  /**
   * Reads every record to apply the predicate (a scan, run once per sweep period per instance). Each delete is
   * conditional on the eTag read, so a record another instance just wrote again is kept.
   */
  async deleteWhere(select: (key: string, item: Readonly<Record<string, unknown>>) => boolean): Promise<number> {
    let deleted = 0;
    for await (const entity of this.table.listEntities<Record<string, unknown>>({ queryOptions: { filter: prefixFilter(partition, '') } })) {
      const key = keyOfRow(entity.rowKey as string);
      if (!select(key, { ...documentOf<Record<string, unknown>>(entity), eTag: entity.etag })) continue;
      try {
        await this.table.deleteEntity(partition, entity.rowKey as string, { etag: entity.etag });
        deleted += 1;
      } catch (error) {
        if (statusOf(error) !== 404 && statusOf(error) !== 412) throw error;
      }
    }
    return deleted;
  }
}
