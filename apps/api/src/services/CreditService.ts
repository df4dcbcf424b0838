import { randomUUID } from 'node:crypto';
import { decideSpend } from '../domain/credits';
import { available, decideHold, decideSettle, type Account, type Hold, type SettleAction, type SettlePlan, holdJson, type HoldJson } from '../domain/holds';
import { ledgerKey } from '../domain/ledgerKeys';
import { AppError, ConflictError, NotFoundError } from '../errors';
import type { LedgerEntry, Page, PageRequest, Store } from '../store/ports';
import { once, requestHashOf } from './idempotent';

export interface SpendRequest {
  userId: string;
  credits: number;
  reason: string;
  idempotencyKey: string;
}

export interface HoldRequest {
  userId: string;
  credits: number;
  reason: string;
  expiresInSeconds?: number;
  idempotencyKey: string;
}

/** A user's credits: the balance, what holds set aside, and what can be spent or held. */
export interface Credits {
  balance: number;
  held: number;
  available: number;
}

/** What a keyed write keeps with its key is JSON. `balance` alone: stored by a spend before holds existed, and replayed the same. */
type Insufficient = { outcome: 'insufficient'; credits: number; account?: Account; balance?: number };
type SpendResult = { outcome: 'spent'; credits: number; balance: number; entryId: string } | Insufficient;
type HoldResult = { outcome: 'held'; hold: HoldJson; account: Account } | Insufficient;

const creditsOf = (account: Account): Credits => ({ balance: account.balance, held: account.held, available: available(account) });
const revived = (hold: HoldJson): Hold => ({
  ...hold,
  createdAt: new Date(hold.createdAt),
  expiresAt: new Date(hold.expiresAt),
  settledAt: hold.settledAt === null ? null : new Date(hold.settledAt),
});

function insufficient({ credits, account: known, balance }: Insufficient): AppError {
  const account = known ?? { balance: balance ?? 0, held: 0 };
  if (account.balance < 0) return new AppError('insufficient_credits', 'Spending is paused while the balance is negative (credits were taken back after they were spent).');
  const held = account.held > 0 ? ` (the balance ${account.balance} less ${account.held} held)` : '';
  return new AppError('insufficient_credits', `The available credits, ${available(account)}${held}, do not cover ${credits}.`);
}

/**
 * Balances, the ledger, spending and holds. Each write is decided by the policy on the locked
 * account, in one transaction; spends and holds once per Idempotency-Key.
 */
export class CreditService {
  constructor(
    private readonly store: Store,
    private readonly now: () => Date = () => new Date(),
    /** Told after every committed change (events for the host app go out sooner). */
    private readonly changed: () => void = () => undefined,
  ) {}

  getBalance(userId: string): Promise<number> {
    return this.store.ledger.balance(userId);
  }

  async getCredits(userId: string): Promise<Credits> {
    return creditsOf(await this.store.ledger.account(userId));
  }

  listLedger(userId: string, page: PageRequest): Promise<Page<LedgerEntry>> {
    return this.store.ledger.page(userId, page);
  }

  /**
   * Spends credits once per Idempotency-Key: the same key and body replay the first answer, another
   * body is 422, available credits that do not cover it (or a negative balance) are 409.
   */
  async spend(request: SpendRequest): Promise<{ spent: number; balance: number; entryId: string; replayed: boolean }> {
    const claim = { scope: ledgerKey('spend', request.userId), key: request.idempotencyKey, requestHash: requestHashOf([request.userId, request.credits, request.reason]) };
    const { result, replayed } = await this.store.transact((uow) =>
      once<SpendResult>(uow, claim, {
        reused: 'This Idempotency-Key was already used for a different spend.',
        work: async () => {
          const account = await uow.ledger.lockAccount(request.userId);
          const plan = decideSpend(account, request);
          if (plan.outcome === 'insufficient') return { outcome: 'insufficient', credits: request.credits, account };
          const { entryIds } = await uow.apply({ entries: { userId: request.userId, orderId: null, drafts: [plan.entry] }, at: this.now() });
          return { outcome: 'spent', credits: request.credits, balance: plan.balanceAfter, entryId: entryIds[0]! };
        },
      }),
    );
    if (result.outcome === 'insufficient') throw insufficient(result);
    if (!replayed) this.changed();
    return { spent: result.credits, balance: result.balance, entryId: result.entryId, replayed };
  }

  /** Sets credits aside once per Idempotency-Key, for at most `expiresInSeconds`; available credits that do not cover it are 409. */
  async hold(request: HoldRequest): Promise<{ hold: Hold; credits: Credits; replayed: boolean }> {
    const claim = {
      scope: ledgerKey('hold', request.userId),
      key: request.idempotencyKey,
      requestHash: requestHashOf([request.userId, request.credits, request.reason, request.expiresInSeconds ?? null]),
    };
    const { result, replayed } = await this.store.transact((uow) =>
      once<HoldResult>(uow, claim, {
        reused: 'This Idempotency-Key was already used for a different hold.',
        work: async () => {
          const account = await uow.ledger.lockAccount(request.userId);
          const plan = decideHold(account, { ...request, id: randomUUID() }, this.now());
          if (plan.outcome === 'insufficient') return { outcome: 'insufficient', credits: request.credits, account };
          await uow.holds.open(plan.hold);
          return { outcome: 'held', hold: holdJson(plan.hold), account: plan.account };
        },
      }),
    );
    if (result.outcome === 'insufficient') throw insufficient(result);
    if (!replayed) this.changed();
    return { hold: revived(result.hold), credits: creditsOf(result.account), replayed };
  }

  /**
   * Captures (spends at most what it holds, frees the rest) or releases a hold of `userId` (any
   * user's for the host's backend: null). The same capture or release again answers as the first
   * (`replayed`); a hold that ended otherwise is 409, a capture beyond the hold 422.
   */
  async settle(userId: string | null, holdId: string, action: Exclude<SettleAction, { kind: 'expire' }>): Promise<{ hold: Hold; credits: Credits; replayed: boolean }> {
    const found = await this.store.holds.find(holdId);
    if (!found || (userId !== null && found.userId !== userId)) throw new NotFoundError('No such hold.', 'hold_not_found');
    const outcome = await this.end(found, action, this.now());
    const { plan, account } = outcome;
    if (plan.outcome === 'settled') this.changed();
    if (plan.outcome === 'exceeds') throw new AppError('capture_exceeds_hold', `The hold holds ${plan.hold.credits} credits; a capture takes at most that.`);
    if (plan.outcome === 'already' && !plan.same) throw new ConflictError(`This hold was ${plan.hold.status} already.`, 'hold_ended');
    if (plan.outcome === 'settled' && plan.captureRefused)
      throw new ConflictError('This hold expired before the capture: nothing was spent, its credits are free again.', 'hold_ended');
    return { hold: plan.hold, credits: creditsOf(account), replayed: plan.outcome === 'already' };
  }

  /** Expires active holds past their time, the longest past first, at most `limit`: how many. */
  async expireHolds(limit: number): Promise<number> {
    const now = this.now();
    let expired = 0;
    for (const due of await this.store.holds.expired(now, limit)) {
      if ((await this.end(due, { kind: 'expire' }, now)).plan.outcome === 'settled') expired++;
    }
    if (expired > 0) this.changed();
    return expired;
  }

  /** One hold's end in one unit of work, decided on the locked account and hold (locked in that order everywhere). */
  private end(hold: Hold, action: SettleAction, now: Date): Promise<{ plan: SettlePlan; account: Account }> {
    return this.store.transact(async (uow) => {
      const account = await uow.ledger.lockAccount(hold.userId);
      const plan = decideSettle((await uow.holds.lock(hold.id))!, account, action, now);
      if (plan.outcome !== 'settled') return { plan, account };
      // The capture's spend, then the hold's end: in that order the host app is told (spent, then released).
      if (plan.entry) await uow.apply({ entries: { userId: hold.userId, orderId: null, drafts: [plan.entry] }, at: now });
      await uow.holds.end(plan.hold);
      return { plan, account: plan.account };
    });
  }
}
