import type { ProblemCode } from '@credits/shared';
import { API_BASE_URL } from './env';
import type * as ResponsesModule from './responses';
import type { ResponseName, ResponseOf } from './responses';
import { session } from './session';

/** What went wrong: a problem the API answered with, the network, or an answer naming no problem we know (then its status says). */
export type ApiErrorCode = ProblemCode | 'network_error' | 'network_timeout' | 'http_error' | 'invalid_response';

/**
 * The one API client: JSON over fetch, the session's Bearer token on every call, every answer parsed
 * with the API's own schema (lib/responses.ts; one that does not match is an error, never a value
 * cast to a type), problem+json turned into an ApiError, and 401 handled here and nowhere else (the
 * session ends). An ApiError keeps the problem's `code` (what the page translates, see
 * i18n/problems.ts) and, from `Retry-After`, when to try again; its `detail` is the API's English
 * text, for logs only.
 */
export class ApiError extends Error {
  /** When the answer came, to count down `retryAfterSeconds` from. */
  readonly receivedAt = Date.now();

  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    readonly detail: string,
    /** Seconds to wait before trying again, when the API said so. */
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(detail);
    this.name = 'ApiError';
  }
}

/** `Retry-After` in seconds (delta-seconds or an HTTP date); null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - now) / 1000));
}

const TIMEOUT_MS = 20_000;

/** The answers' schemas: a chunk of their own (zod), fetched as the app starts, beside its first calls. */
type Responses = typeof ResponsesModule;
let responses: Responses | Promise<Responses> = import('./responses').then((loaded) => (responses = loaded));

interface RequestOptions {
  body?: unknown;
  params?: Record<string, string | number | undefined>;
  headers?: Record<string, string>;
}

async function request<N extends ResponseName>(method: 'GET' | 'POST', name: N, path: string, { body, params, headers: extra }: RequestOptions = {}): Promise<ResponseOf<N>> {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params ?? {})) if (v !== undefined) query.set(k, String(v));
  const headers: Record<string, string> = { Accept: 'application/json', ...extra };
  const token = session.get();
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';

  let res: Response;
  try {
    res = await fetch(`${API_BASE_URL}${path}${query.size ? `?${query}` : ''}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (err) {
    const timedOut = err instanceof DOMException && err.name === 'TimeoutError';
    throw new ApiError(0, timedOut ? 'network_timeout' : 'network_error', timedOut ? 'The server did not answer in time.' : 'The server could not be reached.');
  }
  const data: unknown = res.status === 204 ? undefined : await res.json().catch(() => undefined);
  const { parseResponse, problemCodeOf } = responses instanceof Promise ? await responses : responses;
  if (res.ok) {
    const parsed = parseResponse(name, data);
    if (parsed.ok) return parsed.value;
    throw new ApiError(res.status, 'invalid_response', `${method} ${path} answered what the app cannot read: ${parsed.problem}`);
  }

  // Only the token that was refused ends: a session begun meanwhile (another tab signed in again) stays.
  if (res.status === 401 && token && session.get() === token) session.set(null, 'expired');
  const problem = (data ?? {}) as { detail?: unknown; code?: unknown };
  throw new ApiError(
    res.status,
    problemCodeOf(problem.code) ?? 'http_error',
    typeof problem.detail === 'string' ? problem.detail : `HTTP ${res.status}`,
    parseRetryAfter(res.headers.get('retry-after')),
  );
}

/** Calls that name the answer they expect (lib/responses.ts) and resolve to it, parsed. */
export const api = {
  get: <N extends ResponseName>(name: N, path: string, params?: RequestOptions['params']) => request('GET', name, path, { params }),
  post: <N extends ResponseName>(name: N, path: string, body?: unknown, headers?: Record<string, string>) => request('POST', name, path, { body, headers }),
};
