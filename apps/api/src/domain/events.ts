import type { Hold } from './holds';
import type { LedgerDraft } from './order';

/**
 * What the host app is told (EVENTS_WEBHOOK_URL) when a user's credits move: one event per ledger
 * entry and per hold opened or ended, written with the change itself (never for one rolled back).
 */
export type CreditEventType = 'credits.granted' | 'credits.revoked' | 'credits.spent' | 'credits.adjusted' | 'credits.held' | 'credits.released';

export interface CreditEventDraft {
  type: CreditEventType;
  userId: string;
  /** The order the credits came from or went back for, when there is one. */
  orderId: string | null;
  holdId: string | null;
  /** How many credits moved: a positive number; the type says which way. */
  credits: number;
  /** Why: the ledger entry's kind and memo, or the hold's reason and how it ended. */
  reason: string | null;
  /** Unique for its cause: the ledger key, or the hold and what happened to it. */
  key: string;
}

/** The event of a ledger entry: grants (a won dispute or a failed refund gives back too) and take-backs, spends, adjustments. */
export function entryEvent(userId: string, orderId: string | null, entry: LedgerDraft): CreditEventDraft {
  const type: CreditEventType =
    entry.kind === 'spend' ? 'credits.spent' : entry.kind === 'adjustment' ? 'credits.adjusted' : entry.credits >= 0 ? 'credits.granted' : 'credits.revoked';
  const credits = entry.kind === 'adjustment' ? entry.credits : Math.abs(entry.credits);
  return { type, userId, orderId, holdId: entry.key.startsWith('capture:') ? entry.key.slice('capture:'.length) : null, credits, reason: entry.memo ?? entry.kind, key: entry.key };
}

/** A hold opened (`credits.held`), or ended: what it freed (`credits.released`; a capture's spend is its own event). */
export function holdEvent(hold: Hold): CreditEventDraft | null {
  if (hold.status === 'active')
    return { type: 'credits.held', userId: hold.userId, orderId: null, holdId: hold.id, credits: hold.credits, reason: hold.reason, key: `hold:${hold.id}` };
  const freed = hold.credits - hold.capturedCredits;
  if (freed === 0) return null;
  return { type: 'credits.released', userId: hold.userId, orderId: null, holdId: hold.id, credits: freed, reason: hold.status, key: `release:${hold.id}` };
}
