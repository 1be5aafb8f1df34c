import { AzureError } from '../../src/azure/ports.js';

/** The AzureError a call rejects with; fails the test when it resolves or rejects with anything else. */
export async function failure(promise: Promise<unknown>): Promise<AzureError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof AzureError)) throw new Error(`expected an AzureError, got ${String(error)}`);
  return error;
}
