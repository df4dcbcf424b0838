import type { OrderFact } from '../domain/facts';
import type { FactSource, Order } from '../domain/order';
import { decide, type Outcome } from '../domain/policy';
import type { Logger } from '../logger';
import type { Metrics } from '../Metrics';
import type { ResolveAction } from '@credits/shared';
import { stillEligible } from '../domain/operatorActions';
import { ConflictError } from '../errors';
import type { Committed } from './FollowUp';
import { once, type IdempotencyClaim } from './idempotent';
import { LedgerKeyTakenError, StaleOrderError, type AuditAction, type OrderRef, type Store, type UnitOfWork, type WebhookEventInput } from '../store/ports';

export type LearnOutcome = Outcome | 'unknown_order' | 'duplicate' | 'replayed';

export interface Learnt {
  outcome: LearnOutcome;
  /** The order after the fact (unchanged when the fact taught it nothing); null when none matched. */
  order: Order | null;
}

export interface LearnOptions {
  source: FactSource;
  /** The webhook that told us: recorded in the same transaction, and a copy already handled is not handled again. */
  event?: WebhookEventInput;
  /** Asked when no order matches locally (Whop knows the payment's checkout); nothing is committed before. */
  lookup?: () => Promise<OrderRef[]>;
  /** An operator acting: once per Idempotency-Key, checked against the locked order, audited in the same commit. */
  operator?: OperatorAction;
}

export interface OperatorAction {
  actor: string;
  action: AuditAction;
  reason: string;
  /** What the operator decided, on which Whop payment: refused (409) unless it still applies to the order as it is locked. */
  decided: { action: ResolveAction; paymentId: string };
  idempotency: IdempotencyClaim;
}

type InUnit = { learnt: Learnt; decided?: { before: Order; after: Order; outcome: Outcome } };

/** Thrown inside a unit of work to roll it back when the order must be looked up elsewhere first. */
class OrderNotHere extends Error {}

const SETTLED_STATUSES = ['failed', 'expired', 'review', 'refunded', 'disputed'] as const;

/**
 * The imperative shell around the money policy: one transaction per fact that reads the order,
 * asks the policy for a plan and applies it, with the webhook recorded and marked in the same
 * commit. Webhooks, polling, the result page's re-check and the test endpoint all come here.
 */
export class Fulfilment {
  constructor(private readonly deps: { store: Store; logger: Logger; metrics: Metrics; now: () => Date; afterCommit?: (change: Committed) => void }) {}

  async learn(refs: OrderRef[], fact: OrderFact, options: LearnOptions): Promise<Learnt> {
    let current = fact;
    for (let attempt = 0; ; attempt++) {
      try {
        const { learnt, decided } = await this.deps.store.transact((uow) => this.inUnit(uow, refs, current, options));
        if (decided) {
          this.report(decided.before, decided.after, decided.outcome, options.source);
          this.deps.afterCommit?.({ ...decided, fact: current });
        }
        return learnt;
      } catch (err) {
        if (err instanceof OrderNotHere) return this.learn(await options.lookup!(), fact, { ...options, lookup: undefined });
        // The grant's key belongs to another order: this payment cannot credit a second one.
        if (err instanceof LedgerKeyTakenError && current.type === 'payment' && !current.payment.grantedElsewhere) {
          current = { type: 'payment', payment: { ...current.payment, grantedElsewhere: true } };
          continue;
        }
        if (err instanceof StaleOrderError && attempt < 3) continue;
        throw err;
      }
    }
  }

  /** One fact in one unit of work: an operator's once per Idempotency-Key (the same request again replays), a webhook's once per event. */
  private async inUnit(uow: UnitOfWork, refs: OrderRef[], fact: OrderFact, options: LearnOptions): Promise<InUnit> {
    const { operator } = options;
    if (!operator) return this.apply(uow, refs, fact, options);
    const { result } = await once<InUnit>(uow, operator.idempotency, {
      work: () => this.apply(uow, refs, fact, options),
      stored: ({ learnt }) => ({ outcome: learnt.outcome }),
      replay: async () => ({ learnt: { outcome: 'replayed', order: await uow.orders.lock(refs[0]!) } }),
    });
    return result;
  }

  private async apply(uow: UnitOfWork, refs: OrderRef[], fact: OrderFact, options: LearnOptions): Promise<InUnit> {
    const { event, operator } = options;
    const { order, handled } = await this.locate(uow, refs, event?.id);
    if (handled) return { learnt: { outcome: 'duplicate', order: null } };
    if (!order) {
      if (options.lookup) throw new OrderNotHere();
      if (event) await uow.apply({ event: { record: event, outcome: 'unknown_order', orderId: null }, at: this.deps.now() });
      // The sweep reads every payment of the Whop account, other products' included: not worth a warning each time.
      this.deps.logger[options.source === 'reconcile' ? 'debug' : 'warn']({ refs, fact: fact.type }, 'Whop reported something about no order of ours');
      return { learnt: { outcome: 'unknown_order', order: null } };
    }
    if (operator) {
      const still = stillEligible(order, operator.decided);
      if (!still.ok) throw new ConflictError(still.detail, still.refusal);
    }
    const now = this.deps.now();
    const plan = decide(order, fact, { now, source: options.source });
    const { eventRecorded } = await uow.apply({
      at: now,
      order: plan.order ? { next: plan.order, expectedVersion: order.version, movements: plan.movements } : undefined,
      entries: { userId: order.userId, orderId: order.id, drafts: plan.entries },
      event: event ? { record: event, outcome: plan.outcome, orderId: order.id } : undefined,
      audit: operator
        ? {
            actor: operator.actor,
            action: operator.action,
            orderId: order.id,
            userId: order.userId,
            reason: operator.reason,
            details: { outcome: plan.outcome, statusBefore: order.status, statusAfter: (plan.order ?? order).status },
          }
        : undefined,
    });
    // A concurrent copy of the same webhook was recorded first: this one found nothing left to do.
    if (event && !eventRecorded) return { learnt: { outcome: 'duplicate', order: plan.order ?? order } };
    const after = plan.order ?? order;
    return { learnt: { outcome: plan.outcome, order: after }, decided: { before: order, after, outcome: plan.outcome } };
  }

  /** The first order a reference names, locked; and for a webhook, whether it was handled before (in the same read). */
  private async locate(uow: UnitOfWork, refs: OrderRef[], eventId: string | undefined): Promise<{ order: Order | null; handled: boolean }> {
    for (const ref of refs) {
      const found = eventId ? await uow.orders.lockForEvent(ref, eventId) : { order: await uow.orders.lock(ref), handled: false };
      if (found.order || found.handled) return found;
    }
    return { order: null, handled: eventId !== undefined && refs.length === 0 && (await uow.inbox.handled(eventId)) };
  }

  /** Logs and counts a committed change. */
  private report(before: Order, after: Order, outcome: Outcome, source: FactSource): void {
    const { logger, metrics } = this.deps;
    const fields = { orderId: after.id, outcome, status: after.status, version: after.version };
    if (outcome === 'completed') metrics.orderCompleted(after.packageId, source, after.credits);
    if (after.status !== before.status) {
      const settled = SETTLED_STATUSES.find((s) => s === after.status);
      if (settled) metrics.orderSettled(settled);
    }
    metrics.creditsTakenBack(after.clawedCredits - before.clawedCredits);
    if (outcome === 'review') logger.error({ ...fields, reason: after.statusReason }, 'payment does not match its order: held for review');
    else if (outcome === 'duplicate_payment') logger.error(fields, 'a second payment arrived for a settled order');
    else if (after.version !== before.version) logger.info(fields, 'order changed');
  }
}
