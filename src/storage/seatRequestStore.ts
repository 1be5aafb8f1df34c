import type { SeatRequestQuery, SeatRequestRepository, StoredSeatRequest } from '../approvals/repository.js';
import type { SeatRequest } from '../approvals/seatRequest.js';
import { ETagConflictError, type JsonFileStorage } from './jsonFileStorage.js';

const requestPrefix = 'seat-requests/';
const counterKey = 'seat-request-counter';

/** Seat requests in their own lowdb file, one record per request, compare-and-set on the record's eTag. */
export class JsonSeatRequestRepository implements SeatRequestRepository {
  constructor(private readonly storage: JsonFileStorage) {}

  async nextNumber(): Promise<number> {
    for (;;) {
      const current = (await this.storage.read([counterKey]))[counterKey] as { value: number; eTag: string } | undefined;
      const value = (current?.value ?? 0) + 1;
      try {
        // A made-up eTag on first use makes the write "create only": a racing first writer wins, the other retries.
        await this.storage.write({ [counterKey]: { value, eTag: current?.eTag ?? 'new' } });
        return value;
      } catch (error) {
        if (!(error instanceof ETagConflictError)) throw error;
      }
    }
  }

  async create(request: SeatRequest): Promise<void> {
    await this.storage.write({ [keyOf(request.id)]: { request, eTag: 'new' } });
  }

  async get(id: string): Promise<StoredSeatRequest | undefined> {
    const item = (await this.storage.read([keyOf(id)]))[keyOf(id)] as StoredSeatRequest | undefined;
    return item ? { request: item.request, eTag: item.eTag } : undefined;
  }

  async getByNumber(number: number): Promise<StoredSeatRequest | undefined> {
    const found = (await this.storage.entries(requestPrefix)).find(([, item]) => (item.request as SeatRequest).number === number);
    return found ? { request: found[1].request as SeatRequest, eTag: found[1].eTag } : undefined;
  }

  async replace(request: SeatRequest, eTag: string): Promise<boolean> {
    try {
      await this.storage.write({ [keyOf(request.id)]: { request, eTag } });
      return true;
    } catch (error) {
      if (error instanceof ETagConflictError) return false;
      throw error;
    }
  }

  async list(query: SeatRequestQuery): Promise<SeatRequest[]> {
    const organizations = query.organizationIds?.map((id) => id.toLowerCase());
    const requester = query.requesterId?.toLowerCase();
    return (await this.storage.entries(requestPrefix))
      .map(([, item]) => item.request as SeatRequest)
      .filter((request) => !organizations || organizations.includes(request.organization.id.toLowerCase()))
      .filter((request) => !requester || request.requester.aadObjectId.toLowerCase() === requester)
      .filter((request) => !query.statuses || query.statuses.includes(request.status))
      .sort((a, b) => b.number - a.number);
  }
}

function keyOf(id: string): string {
  return `${requestPrefix}${id}`;
}
