/**
 * One piece of work at a time per key, in the order asked; different keys run side by side. A failed piece does not
 * stop the next one. Used for a person's turns in a conversation (bot state read at the start of a turn and saved at
 * the end, so two concurrent turns of one person would both act on the same stale state) and for seat-request
 * filings per organization.
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const current = previous.then(work, work);
    const tail = current.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return current;
  }
}
