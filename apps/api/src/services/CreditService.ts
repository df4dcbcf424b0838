import { createHash } from 'node:crypto';
import { decideSpend } from '../domain/credits';
import { ledgerKey } from '../domain/ledgerKeys';
import { AppError, IdempotencyKeyReusedError } from '../errors';
import type { LedgerEntry, Page, PageRequest, Store } from '../store/ports';

export interface SpendRequest {
  userId: string;
  credits: number;
  reason: string;
  idempotencyKey: string;
}

type SpendResult = { outcome: 'spent'; credits: number; balance: number; entryId: string } | { outcome: 'insufficient'; credits: number; balance: number };

/** Balances, the ledger, and spending. A spend is decided by the policy on the locked balance, in one transaction. */
export class CreditService {
  constructor(private readonly store: Store) {}

  getBalance(userId: string): Promise<number> {
    return this.store.ledger.balance(userId);
  }

  listLedger(userId: string, page: PageRequest): Promise<Page<LedgerEntry>> {
    return this.store.ledger.page(userId, page);
  }

  /**
   * Spends credits once per Idempotency-Key: the same key and body replay the first answer, another
   * body is 422, a balance that does not cover it (or is negative after a refund) is 409.
   */
  async spend(request: SpendRequest): Promise<{ spent: number; balance: number; entryId: string; replayed: boolean }> {
    const requestHash = createHash('sha256')
      .update(JSON.stringify([request.userId, request.credits, request.reason]))
      .digest('hex');
    const scope = ledgerKey('spend', request.userId);
    const { result, replayed } = await this.store.transact(async (uow) => {
      const claim = await uow.idempotency.claim(scope, request.idempotencyKey, requestHash);
      if (!claim.claimed) {
        if (claim.requestHash !== requestHash) {
          throw new IdempotencyKeyReusedError('This Idempotency-Key was already used for a different spend.');
        }
        return { result: claim.result as SpendResult, replayed: true };
      }
      const plan = decideSpend(await uow.ledger.lockBalance(request.userId), request);
      let spent: SpendResult;
      if (plan.outcome === 'insufficient') {
        spent = { outcome: 'insufficient', credits: request.credits, balance: plan.balance };
      } else {
        const { entryIds } = await uow.apply({ entries: { userId: request.userId, orderId: null, drafts: [plan.entry] } });
        const entryId = entryIds[0];
        spent = { outcome: 'spent', credits: request.credits, balance: plan.balanceAfter, entryId: entryId! };
      }
      await uow.idempotency.complete(scope, request.idempotencyKey, spent);
      return { result: spent, replayed: false };
    });
    if (result.outcome === 'insufficient') {
      const detail =
        result.balance < 0 ? 'Spending is paused while the balance is negative (after a refund).' : `The balance (${result.balance}) does not cover ${result.credits} credits.`;
      throw new AppError('insufficient_credits', detail);
    }
    return { spent: result.credits, balance: result.balance, entryId: result.entryId, replayed };
  }
}
