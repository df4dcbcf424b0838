/** Api-Version-Date pivots that change what this simulator returns (Whop's versioning changelog, https://docs.whop.com/developer/api/versioning). */
export const LEGACY_VERSION = '2025-01-01';
export const ISO_CHECKOUT_TIMESTAMPS = '2026-07-08-1';
export const ACCOUNT_ID_CHECKOUTS = '2026-07-18';
export const ACCOUNT_ID_ENVELOPE = '2026-08-14';
export const NATIVE_PAYMENTS = '2026-09-02-1';

export function atLeast(version: string, pivot: string): boolean {
  return version.localeCompare(pivot) >= 0;
}

/**
 * The dates Whop answers to; any other Api-Version-Date is a 400 listing these. 2026-06-09,
 * 2026-07-01 and 2026-07-20 (the SDK's) are in Whop's docs; the later pivots come from its versioning
 * changelog (docs/whop-integration.md).
 */
export const SUPPORTED_VERSIONS = [
  LEGACY_VERSION,
  '2026-06-09',
  '2026-07-01',
  ISO_CHECKOUT_TIMESTAMPS,
  ACCOUNT_ID_CHECKOUTS,
  '2026-07-20',
  '2026-07-22',
  '2026-08-12',
  ACCOUNT_ID_ENVELOPE,
  NATIVE_PAYMENTS,
  '2026-09-15',
  '2026-09-23',
] as const;

/** From this date delete endpoints answer `{id, deleted: true}` (before: 204). */
export const DELETE_RETURNS_BODY = '2026-07-22';
