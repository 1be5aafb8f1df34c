import type { SeatRequest, SeatRequestStatus } from './seatRequest.js';

/** A stored request with the store's concurrency token: a write that names an older token loses. */
export interface StoredSeatRequest {
  request: SeatRequest;
  eTag: string;
}

export interface SeatRequestQuery {
  organizationIds?: readonly string[];
  requesterId?: string;
  statuses?: readonly SeatRequestStatus[];
}

/**
 * Where seat requests live. Every change is a compare-and-set on the eTag read with the request, so two approvers
 * (or two bot instances) racing on one request cannot both win.
 */
export interface SeatRequestRepository {
  /** The next request number; unique even under concurrent calls. */
  nextNumber(): Promise<number>;
  create(request: SeatRequest): Promise<void>;
  get(id: string): Promise<StoredSeatRequest | undefined>;
  getByNumber(number: number): Promise<StoredSeatRequest | undefined>;
  /** False when the request changed since `eTag` was read; nothing is written then. */
  replace(request: SeatRequest, eTag: string): Promise<boolean>;
  /** Newest first. */
  list(query: SeatRequestQuery): Promise<SeatRequest[]>;
}
