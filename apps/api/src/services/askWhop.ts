import { UpstreamError, WhopUnknownError } from '../errors';
import { WhopApiError } from '../whop/client';

/**
 * Runs a call to Whop for a request that waits on it. Whop not knowing what it was asked about is
 * said so (409 `whop_unknown`); Whop failing or out of reach is a 502 (504 on a timeout) saying
 * `detail`.
 */
export async function askWhop<T>(call: () => Promise<T>, detail: string): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (!(err instanceof WhopApiError)) throw err;
    if (err.status === 404) throw new WhopUnknownError();
    throw new UpstreamError(detail, err.timeout ? 504 : 502);
  }
}
