import { decideSpend } from '../domain/credits';
import { ledgerKey } from '../domain/ledgerKeys';
import { AppError } from '../errors';
import type { LedgerEntry, Page, PageRequest, Store } from '../store/ports';
import { once, requestHashOf } from './idempotent';

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
    const claim = { scope: ledgerKey('spend', request.userId), key: request.idempotencyKey, requestHash: requestHashOf([request.userId, request.credits, request.reason]) };
    const { result, replayed } = await this.store.transact((uow) =>
      once<SpendResult>(uow, claim, {
        reused: 'This Idempotency-Key was already used for a different spend.',
        work: async () => {
          const plan = decideSpend(await uow.ledger.lockBalance(request.userId), request);
          if (plan.outcome === 'insufficient') return { outcome: 'insufficient', credits: request.credits, balance: plan.balance };
          const { entryIds } = await uow.apply({ entries: { userId: request.userId, orderId: null, drafts: [plan.entry] } });
          return { outcome: 'spent', credits: request.credits, balance: plan.balanceAfter, entryId: entryIds[0]! };
        },
      }),
    );
    if (result.outcome === 'insufficient') {
      const detail =
        result.balance < 0 ? 'Spending is paused while the balance is negative (after a refund).' : `The balance (${result.balance}) does not cover ${result.credits} credits.`;
      throw new AppError('insufficient_credits', detail);
    }
    return { spent: result.credits, balance: result.balance, entryId: result.entryId, replayed };
  }
}
