import { API_BASE_URL } from './env';
import { session } from './session';

/**
 * The one API client: JSON over fetch, the session's Bearer token on every call, problem+json
 * turned into an ApiError, and 401 handled here and nowhere else (the session ends).
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
  ) {
    super(detail);
    this.name = 'ApiError';
  }
}

const TIMEOUT_MS = 20_000;

interface RequestOptions {
  body?: unknown;
  params?: Record<string, string | number | undefined>;
}

async function request<T>(method: 'GET' | 'POST', path: string, { body, params }: RequestOptions = {}): Promise<T> {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params ?? {})) if (v !== undefined) query.set(k, String(v));
  const headers: Record<string, string> = { Accept: 'application/json' };
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
  } catch {
    throw new ApiError(0, 'network_error', 'The server could not be reached. Check your connection.');
  }
  const data: unknown = res.status === 204 ? undefined : await res.json().catch(() => undefined);
  if (res.ok) return data as T;

  if (res.status === 401 && session.get()) session.set(null, 'expired');
  const problem = (data ?? {}) as { detail?: unknown; code?: unknown };
  throw new ApiError(
    res.status,
    typeof problem.code === 'string' ? problem.code : 'http_error',
    typeof problem.detail === 'string' ? problem.detail : `The server answered ${res.status}.`,
  );
}

export const api = {
  get: <T>(path: string, params?: RequestOptions['params']) => request<T>('GET', path, { params }),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, { body }),
};
