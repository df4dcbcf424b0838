/**
 * Ledger keys: `kind:part:part…`, each part escaped so that no part can contain the separator.
 * The mapping from parts to key is injective: two different causes (two users, two orders, a user
 * id that happens to contain `:`) can never produce the same key. Unlike encodeURIComponent this
 * never throws (an unpaired surrogate in a user id is kept as it is).
 */
export function ledgerKey(kind: string, ...parts: Array<string | number>): string {
  return [kind, ...parts.map((p) => String(p).replace(/%/g, '%25').replace(/:/g, '%3A'))].join(':');
}

/** The one grant of a Whop payment, across all orders: the database refuses a second. */
export const grantKey = (whopPaymentId: string) => ledgerKey('grant', whopPaymentId);

export const spendKey = (userId: string, idempotencyKey: string) => ledgerKey('spend', userId, idempotencyKey);

export const adjustmentKey = (userId: string, idempotencyKey: string) => ledgerKey('adjustment', userId, idempotencyKey);

/** The one spend a hold ends in, when it is captured. */
export const captureKey = (holdId: string) => ledgerKey('capture', holdId);
