/** Api-Version-Date pivots that change what this simulator returns (Whop's versioning changelog, https://docs.whop.com/developer/api/versioning). */
export const LEGACY_VERSION = '2025-01-01';
export const ISO_CHECKOUT_TIMESTAMPS = '2026-07-08-1';
export const ACCOUNT_ID_CHECKOUTS = '2026-07-18';
export const ACCOUNT_ID_ENVELOPE = '2026-08-14';
export const NATIVE_PAYMENTS = '2026-09-02-1';

export function atLeast(version: string, pivot: string): boolean {
  return version.localeCompare(pivot) >= 0;
}

export const VERSION_PATTERN = /^\d{4}-\d{2}-\d{2}(-\d+)?$/;
