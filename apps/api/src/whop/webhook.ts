import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { z } from 'zod';

/**
 * Whop signs webhooks with Standard Webhooks, but the HMAC key is the raw bytes of the whole
 * `ws_…` secret, not a base64-decoded `whsec_` value (docs/decisions/002-whop-webhook-secret-as-raw-key.md). Verification runs over the
 * exact bytes received; JSON is parsed only afterwards.
 */

export const TOLERANCE_SECONDS = 300;

export class WebhookSignatureError extends Error {
  override name = 'WebhookSignatureError';
}

export type HeaderBag = Record<string, string | string[] | undefined>;

export interface WebhookEnvelope {
  /** The `webhook-id` header: what deduplicates deliveries. */
  id: string;
  /** The body's own `id`, which Whop documents as equal to `webhook-id`. */
  envelopeId: string | null;
  type: string;
  data: unknown;
  /** `company_id` before the 2026-08-14 pin, `account_id` from it. */
  accountId: string | null;
  /** The event as JSON text: the body exactly as Whop sent it (what is stored). */
  body: string;
}

const envelopeSchema = z.object({
  id: z.string().min(1).optional(),
  type: z.string().min(1),
  data: z.unknown(),
  company_id: z.string().nullish(),
  account_id: z.string().nullish(),
});

export class WebhookVerifier {
  private readonly webhook: Webhook;

  /** `key` is the HMAC key itself; use `WebhookVerifier.forWhopSecret` for a `ws_…` secret. */
  constructor(
    key: Uint8Array,
    private readonly now: () => number = Date.now,
  ) {
    if (key.length === 0) throw new Error('webhook key must not be empty');
    this.webhook = new Webhook(key, { format: 'raw' });
  }

  static forWhopSecret(secret: string, now?: () => number): WebhookVerifier {
    if (secret.trim() === '') throw new Error('WHOP_WEBHOOK_SECRET must not be blank');
    return new WebhookVerifier(new Uint8Array(Buffer.from(secret, 'utf8')), now);
  }

  /** Verifies the signature over `rawBody` and returns the parsed envelope, or throws WebhookSignatureError. */
  verify(rawBody: Buffer, headers: HeaderBag): WebhookEnvelope {
    const id = single(headers, 'webhook-id');
    const timestamp = single(headers, 'webhook-timestamp');
    const signature = single(headers, 'webhook-signature');
    if (!id || !timestamp || !signature) throw new WebhookSignatureError('missing webhook-id, webhook-timestamp or webhook-signature');
    // parseInt would accept "1767225600abc"; the signed content uses the header verbatim.
    if (!/^\d{1,15}$/.test(timestamp)) throw new WebhookSignatureError('webhook-timestamp is not a plain number of seconds');
    const skew = Math.floor(this.now() / 1000) - Number(timestamp);
    if (Math.abs(skew) > TOLERANCE_SECONDS) throw new WebhookSignatureError(`webhook-timestamp is ${skew > 0 ? 'too old' : 'in the future'}`);

    try {
      this.webhook.verify(rawBody, { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': signature }, { jsonParse: false });
    } catch (err) {
      if (err instanceof WebhookVerificationError) throw new WebhookSignatureError(err.message);
      throw err;
    }

    const body = rawBody.toString('utf8');
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      throw new WebhookPayloadError('signed body is not JSON');
    }
    return envelopeOf(id, json, body);
  }
}

/** The envelope of an event body: delivered just now (`body` its text), or stored and handled again. `id` is the `webhook-id`. */
export function envelopeOf(id: string, json: unknown, body = JSON.stringify(json)): WebhookEnvelope {
  const envelope = envelopeSchema.safeParse(json);
  if (!envelope.success) throw new WebhookPayloadError('signed body is not a Whop event envelope');
  return {
    // The signed header names the delivery; an envelope id that differs is reported, not refused.
    id,
    envelopeId: envelope.data.id ?? null,
    type: envelope.data.type,
    data: envelope.data.data,
    accountId: envelope.data.account_id ?? envelope.data.company_id ?? null,
    body,
  };
}

/** Authentic, but not something we can act on. */
export class WebhookPayloadError extends Error {
  override name = 'WebhookPayloadError';
}

function single(headers: HeaderBag, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}
