import type { components } from '@credits/client';

/** A problem's code the API answers with, or what went wrong on the way (the network, or an answer that cannot be read). */
export type ApiErrorCode = components['schemas']['Problem']['code'] | 'network_error' | 'network_timeout' | 'http_error' | 'invalid_response';

/**
 * An error from the API: a problem it answered with (its `code` is what the interface translates),
 * the network, or an answer that cannot be read. `detail` is the API's English text, for logs only;
 * `retryAfterSeconds` is when to try again, when the API said (`Retry-After`).
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

/** Checks an answer before it is used: the value to use, or why it cannot be read. */
export type ResponseCheck = (
  name: string,
  data: unknown,
) => { ok: true; value: unknown } | { ok: false; problem: string } | Promise<{ ok: true; value: unknown } | { ok: false; problem: string }>;

export interface ApiOptions {
  /** Where the API is (`''`: this origin). Paths start with /api. */
  baseUrl: string;
  /** The signed-in user's token, asked before each request; null: none. */
  getToken(): string | null | undefined | Promise<string | null | undefined>;
  /** Told when the API refused the token it was given (401): the host's sign-in decides what follows. */
  onUnauthorized?(token: string): void;
  /** Checks each answer by its name (e.g. against the API's schemas); unchecked by default. */
  checkResponse?: ResponseCheck;
  /** Milliseconds a request may take (default 20 s). */
  timeoutMs?: number;
}

export interface RequestOptions {
  body?: unknown;
  params?: Record<string, string | number | undefined>;
  headers?: Record<string, string>;
  /** Let the request finish when the page is left (a step told on the way to Whop's checkout). */
  keepalive?: boolean;
  /** Resolve to the Response itself, unread (a file to download); a refusal is still an ApiError. */
  raw?: boolean;
}

export type Api = <T>(method: 'GET' | 'POST', name: string, path: string, options?: RequestOptions) => Promise<T>;

/**
 * The one way the components reach the API: JSON over fetch with the user's Bearer token, problem+json
 * turned into an ApiError (with `Retry-After`), a refused token reported to the host.
 */
export function createApi({ baseUrl, getToken, onUnauthorized, checkResponse, timeoutMs = 20_000 }: ApiOptions): Api {
  const base = baseUrl.replace(/\/+$/, '');
  return async function request<T>(method: 'GET' | 'POST', name: string, path: string, { body, params, headers: extra, keepalive, raw }: RequestOptions = {}): Promise<T> {
    const query = new URLSearchParams();
    for (const [k, v] of Object.entries(params ?? {})) if (v !== undefined) query.set(k, String(v));
    const headers: Record<string, string> = { Accept: 'application/json', ...extra };
    const token = (await getToken()) ?? null;
    if (token) headers.Authorization = `Bearer ${token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';

    let res: Response;
    try {
      res = await fetch(`${base}${path}${query.size ? `?${query}` : ''}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
        keepalive,
      });
    } catch (err) {
      const timedOut = err instanceof DOMException && err.name === 'TimeoutError';
      throw new ApiError(0, timedOut ? 'network_timeout' : 'network_error', timedOut ? 'The server did not answer in time.' : 'The server could not be reached.');
    }
    if (raw && res.ok) return res as T;
    const data: unknown = res.status === 204 ? undefined : await res.json().catch(() => undefined);
    if (res.ok) {
      // 204 No Content: nothing to check.
      if (!checkResponse || res.status === 204) return data as T;
      const checked = await checkResponse(name, data);
      if (checked.ok) return checked.value as T;
      throw new ApiError(res.status, 'invalid_response', `${method} ${path} answered what the app cannot read: ${checked.problem}`);
    }
    if (res.status === 401 && token) onUnauthorized?.(token);
    const problem = (data ?? {}) as { detail?: unknown; code?: unknown };
    throw new ApiError(
      res.status,
      typeof problem.code === 'string' && /^[a-z_]+$/.test(problem.code) ? (problem.code as ApiErrorCode) : 'http_error',
      typeof problem.detail === 'string' ? problem.detail : `HTTP ${res.status}`,
      parseRetryAfter(res.headers.get('retry-after')),
    );
  };
}
