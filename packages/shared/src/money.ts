/** Formatting for money (integer cents) and credits (integers). Never floats for amounts. */

export function formatCents(cents: number, locale = 'en-US', currency = 'usd'): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency: currency.toUpperCase() }).format(cents / 100);
}

export function formatCredits(credits: number, locale = 'en-US'): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(credits);
}

/** Price of one credit in cents, for display only (0.67 for the premium pack). */
export function centsPerCredit(priceCents: number, totalCredits: number): number {
  return Math.round((priceCents / totalCredits) * 100) / 100;
}

/** Cents as the dollar number Whop's legacy payloads and inline plans use (1000 -> 10). */
export function centsToDollars(cents: number): number {
  return cents / 100;
}

/**
 * Dollars to integer cents. Accepts a JSON number (10, 9.99) or an exact decimal string ("10.00")
 * as Whop sends them; returns null for anything that is not a finite amount with at most 2 decimals
 * once rounded off binary noise.
 */
export function dollarsToCents(value: number | string): number | null {
  if (typeof value === 'string') {
    const m = /^(-?)(\d+)(?:\.(\d{1,2})0*)?$/.exec(value.trim());
    if (!m) return null;
    const [, sign, whole, frac = ''] = m;
    const cents = Number(whole) * 100 + Number(frac.padEnd(2, '0'));
    return sign ? -cents : cents;
  }
  if (!Number.isFinite(value)) return null;
  return Math.round(value * 100);
}
