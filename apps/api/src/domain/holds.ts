import { DEFAULT_HOLD_SECONDS, MAX_HOLD_SECONDS } from '@credits/shared';
import { captureKey } from './ledgerKeys';
import type { LedgerDraft } from './order';

/**
 * Holds: credits set aside for work that takes a while (an AI generation) and may fail. A hold
 * leaves the balance as it is and raises what is held; it ends once, captured (a spend of at most
 * what it holds, the rest freed), released, or expired. What can be spent or held is the balance
 * less what is held, never below zero.
 */

export interface Account {
  /** The sum of the user's ledger entries (negative after a refund took back credits already spent). */
  balance: number;
  /** Credits in the user's active holds. */
  held: number;
}

export type HoldStatus = 'active' | 'captured' | 'released' | 'expired';

export interface Hold {
  id: string;
  userId: string;
  credits: number;
  reason: string;
  status: HoldStatus;
  /** What the capture spent (0 unless captured). */
  capturedCredits: number;
  createdAt: Date;
  expiresAt: Date;
  settledAt: Date | null;
}

/** A hold as JSON (dates as ISO strings): what the API answers and what a keyed hold keeps. */
export type HoldJson = Omit<Hold, 'createdAt' | 'expiresAt' | 'settledAt'> & { createdAt: string; expiresAt: string; settledAt: string | null };

export function holdJson(hold: Hold): HoldJson {
  return { ...hold, createdAt: hold.createdAt.toISOString(), expiresAt: hold.expiresAt.toISOString(), settledAt: hold.settledAt?.toISOString() ?? null };
}

/** What can be spent or held now: never counted below zero. */
export function available(account: Account): number {
  return Math.max(0, account.balance - account.held);
}

const positiveWhole = (credits: number) => Number.isSafeInteger(credits) && credits > 0;

export type HoldPlan = { outcome: 'held'; hold: Hold; account: Account } | { outcome: 'insufficient'; account: Account };

export function decideHold(account: Account, request: { id: string; userId: string; credits: number; reason: string; expiresInSeconds?: number }, now: Date): HoldPlan {
  if (!positiveWhole(request.credits)) throw new RangeError('a hold is a positive whole number of credits');
  const seconds = request.expiresInSeconds ?? DEFAULT_HOLD_SECONDS;
  if (!Number.isSafeInteger(seconds) || seconds < 1 || seconds > MAX_HOLD_SECONDS) throw new RangeError(`a hold lasts 1 to ${MAX_HOLD_SECONDS} seconds`);
  if (available(account) < request.credits) return { outcome: 'insufficient', account };
  return {
    outcome: 'held',
    hold: {
      id: request.id,
      userId: request.userId,
      credits: request.credits,
      reason: request.reason,
      status: 'active',
      capturedCredits: 0,
      createdAt: now,
      expiresAt: new Date(now.getTime() + seconds * 1000),
      settledAt: null,
    },
    account: { balance: account.balance, held: account.held + request.credits },
  };
}

export type SettlePlan =
  /** `capture_refused`: the hold had expired; it is expired now (written) and nothing is spent. */
  | { outcome: 'settled'; hold: Hold; account: Account; entry: LedgerDraft | null; captureRefused: boolean }
  /** It had ended already: the same capture or release again is answered as before; anything else is refused. */
  | { outcome: 'already'; hold: Hold; same: boolean }
  | { outcome: 'exceeds'; hold: Hold };

export type SettleAction = { kind: 'capture'; credits: number } | { kind: 'release' } | { kind: 'expire' };

/**
 * Ends an active hold: `capture` spends `credits` (at most what it holds) and frees the rest;
 * `release` and `expire` free it all. A hold past its time is expired by whatever meets it first
 * (the sweep, or a capture or release that comes too late), so that its outcome never depends on
 * when the sweep runs.
 */
export function decideSettle(hold: Hold, account: Account, action: SettleAction, now: Date): SettlePlan {
  if (hold.status === 'active' && hold.expiresAt <= now) return { ...ended(hold, account, 'expired', 0, now), captureRefused: action.kind === 'capture' };
  if (hold.status !== 'active') {
    const same =
      (action.kind === 'capture' && hold.status === 'captured' && hold.capturedCredits === action.credits) ||
      (action.kind === 'release' && (hold.status === 'released' || hold.status === 'expired')) ||
      (action.kind === 'expire' && hold.status === 'expired');
    return { outcome: 'already', hold, same };
  }
  if (action.kind === 'capture') {
    if (!positiveWhole(action.credits)) throw new RangeError('a capture is a positive whole number of credits');
    if (action.credits > hold.credits) return { outcome: 'exceeds', hold };
    return { ...ended(hold, account, 'captured', action.credits, now), captureRefused: false };
  }
  return { ...ended(hold, account, action.kind === 'release' ? 'released' : 'expired', 0, now), captureRefused: false };
}

function ended(hold: Hold, account: Account, status: HoldStatus, captured: number, now: Date) {
  return {
    outcome: 'settled' as const,
    hold: { ...hold, status, capturedCredits: captured, settledAt: now },
    account: { balance: account.balance - captured, held: account.held - hold.credits },
    entry: captured > 0 ? ({ key: captureKey(hold.id), kind: 'spend', credits: -captured, memo: hold.reason } satisfies LedgerDraft) : null,
  };
}
