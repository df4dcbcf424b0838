import { createApi, type ApiOptions, type ResponseCheck } from '@credits/react';
import { API_BASE_URL } from './env';
import type * as ResponsesModule from './responses';
import type { ResponseName, ResponseOf } from './responses';
import { session } from './session';

export { ApiError, parseRetryAfter, type ApiErrorCode } from '@credits/react';

/** The answers' schemas: a chunk of their own (zod), fetched as the app starts, beside its first calls. */
type Responses = typeof ResponsesModule;
let responses: Responses | Promise<Responses> = import('./responses').then((loaded) => (responses = loaded));

/** Every answer is parsed with the API's own schema (lib/responses.ts): one that does not match is an error, never a value cast to a type. */
const checkResponse: ResponseCheck = async (name, data) => {
  const { parseResponse } = responses instanceof Promise ? await responses : responses;
  return parseResponse(name as ResponseName, data);
};

/**
 * How the web app reaches the API, for its own pages and for @credits/react's components alike:
 * the session's token, its schemas, and a refused token ending the session (only that token: a
 * session begun meanwhile, by another tab signing in again, stays).
 */
export const API_OPTIONS: ApiOptions = {
  baseUrl: API_BASE_URL,
  getToken: () => session.get(),
  onUnauthorized: (token) => {
    if (session.get() === token) session.set(null, 'expired');
  },
  checkResponse,
};

/** The web app's API client: the one request core of @credits/react (JSON over fetch, problem+json as an ApiError with `Retry-After`). */
export const request = createApi(API_OPTIONS);

/** Calls that name the answer they expect (lib/responses.ts) and resolve to it, parsed. */
export const api = {
  get: <N extends ResponseName>(name: N, path: string, params?: Record<string, string | number | undefined>) => request<ResponseOf<N>>('GET', name, path, { params }),
  post: <N extends ResponseName>(name: N, path: string, body?: unknown, headers?: Record<string, string>) => request<ResponseOf<N>>('POST', name, path, { body, headers }),
};
