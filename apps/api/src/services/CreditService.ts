import { createHash } from 'node:crypto';
import { AppError, ValidationError } from '../http/errors';
import { IdempotencyConflictError, InvalidCursorError, type LedgerEntry, type Page, type PageRequest, type Store } from '../store/types';

export interface SpendRequest {
  userId: string;
  credits: number;
  reason: string;
  idempotencyKey: string;
}

/** Balances, the ledger, and spending. The store makes each spend atomic and never below zero. */
export class CreditService {
  constructor(private readonly store: Store) {}

  getBalance(userId: string): Promise<number> {
    return this.store.getBalance(userId);
  }

  async listLedger(userId: string, page: PageRequest): Promise<Page<LedgerEntry>> {
    try {
      return await this.store.listLedger(userId, page);
    } catch (err) {
      if (err instanceof InvalidCursorError) throw new ValidationError('The cursor is not valid.', [{ path: 'cursor', message: err.message }]);
      throw err;
    }
  }

  /**
   * Spends credits once per Idempotency-Key: the same key and body replay the first answer, another
   * body is 422, a balance that does not cover it (or is negative after a refund) is 409.
   */
  async spend(request: SpendRequest): Promise<{ spent: number; balance: number; entryId: string; replayed: boolean }> {
    const requestHash = createHash('sha256').update(JSON.stringify([request.userId, request.credits, request.reason])).digest('hex');
    let result;
    try {
      result = await this.store.spend({ ...request, requestHash });
    } catch (err) {
      if (err instanceof IdempotencyConflictError) {
        throw new AppError(422, 'idempotency_key_reused', 'Idempotency key reused', 'This Idempotency-Key was already used for a different spend.');
      }
      throw err;
    }
    if (result.outcome === 'insufficient') {
      const detail = result.balance < 0 ? 'Spending is paused while the balance is negative (after a refund).' : `The balance (${result.balance}) does not cover ${result.credits} credits.`;
      throw new AppError(409, 'insufficient_credits', 'Insufficient credits', detail);
    }
    return { spent: result.credits, balance: result.balance, entryId: result.entryId, replayed: result.replayed };
  }
}
