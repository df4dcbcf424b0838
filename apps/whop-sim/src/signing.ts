import { createHmac } from 'node:crypto';

/**
 * The `webhook-signature` value Whop sends: Standard Webhooks v1, HMAC-SHA256 keyed with the raw
 * bytes of the whole `ws_…` secret (not base64-decoded), over `id.timestamp.body`.
 */
export function signWebhook(secret: string, id: string, timestampSeconds: number, body: string): string {
  const mac = createHmac('sha256', Buffer.from(secret, 'utf8')).update(`${id}.${timestampSeconds}.${body}`).digest('base64');
  return `v1,${mac}`;
}

/** The three headers of a signed delivery, with the timestamp taken now (fresh on every attempt). */
export function signedHeaders(secret: string, id: string, body: string, nowMs = Date.now()): Record<string, string> {
  const timestamp = Math.floor(nowMs / 1000);
  return {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': signWebhook(secret, id, timestamp, body),
  };
}
