import { adjustmentKey, spendKey } from './ledgerKeys';
import { available, type Account } from './holds';
import type { LedgerDraft } from './order';

/**
 * Balance rules that are not about one order. A balance may be negative (refunds after spending);
 * a spend never takes it below zero, and none is allowed while it is negative.
 */

export interface SpendRequest {
  userId: string;
  credits: number;
  reason: string;
  idempotencyKey: string;
}

export type SpendPlan = { outcome: 'spent'; entry: LedgerDraft; balanceAfter: number } | { outcome: 'insufficient'; account: Account };

/** A spend takes from what is available: the balance less what holds set aside. */
export function decideSpend(account: Account, request: SpendRequest): SpendPlan {
  if (!Number.isSafeInteger(request.credits) || request.credits <= 0) throw new RangeError('a spend is a positive whole number of credits');
  if (available(account) < request.credits) return { outcome: 'insufficient', account };
  return {
    outcome: 'spent',
    entry: { key: spendKey(request.userId, request.idempotencyKey), kind: 'spend', credits: -request.credits, memo: request.reason },
    balanceAfter: account.balance - request.credits,
  };
}

export interface AdjustmentRequest {
  userId: string;
  /** Positive gives credits, negative takes them (the balance may go negative). */
  credits: number;
  reason: string;
  idempotencyKey: string;
}

export function decideAdjustment(request: AdjustmentRequest): LedgerDraft {
  if (!Number.isSafeInteger(request.credits) || request.credits === 0) throw new RangeError('an adjustment is a non-zero whole number of credits');
  return { key: adjustmentKey(request.userId, request.idempotencyKey), kind: 'adjustment', credits: request.credits, memo: request.reason };
}
