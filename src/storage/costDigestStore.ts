import type { CostDigestRepository, CostDigestSchedule, StoredDigestSchedule } from '../services/costDigestSchedule.js';
import { ETagConflictError } from './jsonFileStorage.js';
import type { KeyedStorage } from './keyedStorage.js';

const schedulePrefix = 'cost-digests/';
/** An eTag no store issues: a write that names it may only create the record (see both stores' write rules). */
const createOnly = 'create-only';

/**
 * Digest schedules, one record per organization, on either engine's `KeyedStorage`: its own lowdb file
 * (`cost-digests.json`) or its own Azure table (`costdigests`). Both decide the compare-and-set themselves (lowdb in
 * process, the table service with If-Match across instances), which is what keeps two instances from sending one
 * month's digest twice.
 */
export class StorageCostDigestRepository implements CostDigestRepository {
  constructor(private readonly storage: KeyedStorage) {}

  async get(organizationId: string): Promise<StoredDigestSchedule | undefined> {
    const key = keyOf(organizationId);
    return storedOf((await this.storage.read([key]))[key]);
  }

  async list(): Promise<StoredDigestSchedule[]> {
    const keys = await this.storage.keys(schedulePrefix);
    if (keys.length === 0) return [];
    const items = await this.storage.read(keys);
    return keys.flatMap((key) => {
      const stored = storedOf(items[key]);
      return stored ? [stored] : [];
    });
  }

  async put(schedule: CostDigestSchedule, eTag?: string): Promise<boolean> {
    try {
      await this.storage.write({ [keyOf(schedule.organization.id)]: { schedule, eTag: eTag ?? createOnly } });
      return true;
    } catch (error) {
      if (error instanceof ETagConflictError) return false;
      throw error;
    }
  }
}

function keyOf(organizationId: string): string {
  return `${schedulePrefix}${organizationId.toLowerCase()}`;
}

function storedOf(item: unknown): StoredDigestSchedule | undefined {
  const record = item as { schedule?: CostDigestSchedule; eTag?: string } | undefined;
  return record?.schedule && record.eTag ? { schedule: record.schedule, eTag: record.eTag } : undefined;
}
