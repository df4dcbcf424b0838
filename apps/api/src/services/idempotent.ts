import { createHash } from 'node:crypto';
import { IdempotencyKeyReusedError } from '../errors';
import type { UnitOfWork } from '../store/ports';

/** An Idempotency-Key in its scope, with the hash of the request that brings it. */
export interface IdempotencyClaim {
  scope: string;
  key: string;
  requestHash: string;
}

/** The hash an Idempotency-Key is compared by: what the request asked, in order. */
export function requestHashOf(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}

/**
 * A keyed write, inside the unit of work that does it: the first request with the key does `work`
 * and keeps what `stored` makes of its result with the key, in the same commit; the same request
 * again gets `replay` of that (`replayed`), doing nothing; another request with the key is 422.
 */
export async function once<T>(
  uow: UnitOfWork,
  { scope, key, requestHash }: IdempotencyClaim,
  steps: { work(): Promise<T>; stored?(result: T): unknown; replay?(stored: unknown): Promise<T> | T; reused?: string },
): Promise<{ result: T; replayed: boolean }> {
  const claim = await uow.idempotency.claim(scope, key, requestHash);
  if (!claim.claimed) {
    if (claim.requestHash !== requestHash) throw new IdempotencyKeyReusedError(steps.reused);
    return { result: steps.replay ? await steps.replay(claim.result) : (claim.result as T), replayed: true };
  }
  const result = await steps.work();
  await uow.idempotency.complete(scope, key, steps.stored ? steps.stored(result) : result);
  return { result, replayed: false };
}
