import createClient, { type Client, type ClientOptions } from 'openapi-fetch';
import type { components, paths } from './schema.js';

export type { components, paths } from './schema.js';

/** A problem the API answered (application/problem+json), thrown by `unwrap`. */
export type Problem = components['schemas']['Problem'];

export class CreditsApiError extends Error {
  override name = 'CreditsApiError';

  constructor(
    readonly status: number,
    /** The stable machine-readable code (`insufficient_credits`, `hold_ended`, …); null when the answer was not a problem. */
    readonly code: string | null,
    readonly problem: Problem | null,
  ) {
    super(problem?.detail ?? `The credits API answered ${status}.`);
  }
}

export interface CreditsClientOptions extends Omit<ClientOptions, 'baseUrl'> {
  /** Where the API is: `https://credits.example.com` (the paths start with /api). */
  baseUrl: string;
  /** The user's token (their sign-in's JWT), asked before each request; or the host backend's SERVICE_API_KEY. */
  token?: () => string | null | undefined | Promise<string | null | undefined>;
}

export type CreditsClient = Client<paths>;

/** A typed client: `client.GET('/api/credits')`, `client.POST('/api/credits/holds', { body, params: { header } })`. */
export function createCreditsClient({ baseUrl, token, ...options }: CreditsClientOptions): CreditsClient {
  const client = createClient<paths>({ ...options, baseUrl: baseUrl.replace(/\/+$/, '') });
  if (token) {
    client.use({
      async onRequest({ request }) {
        const value = await token();
        if (value) request.headers.set('Authorization', `Bearer ${value}`);
        return request;
      },
    });
  }
  return client;
}

/** A new Idempotency-Key; keep it with the job it belongs to, so that a retried request is the same one. */
export function idempotencyKey(): string {
  return globalThis.crypto.randomUUID();
}

/** The data of a 2xx answer; otherwise throws a CreditsApiError carrying the problem's code. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.response.ok && result.data !== undefined) return result.data;
  const problem = isProblem(result.error) ? result.error : null;
  throw new CreditsApiError(result.response.status, problem?.code ?? null, problem);
}

function isProblem(value: unknown): value is Problem {
  return typeof value === 'object' && value !== null && 'status' in value && 'title' in value;
}
