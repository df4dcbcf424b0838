import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { ResolveAction } from '@credits/shared';
import { decideAdjustment } from '../domain/credits';
import { ledgerKey } from '../domain/ledgerKeys';
import { eligibility } from '../domain/operatorActions';
import type { Order, OrderSummary } from '../domain/order';
import { AppError, ConflictError, IdempotencyKeyReusedError, NotFoundError, UpstreamError, WhopUnknownError } from '../errors';
import type { Logger } from '../logger';
import { LedgerKeyTakenError, type OutboundEvent, type Store, type UnitOfWork } from '../store/ports';
import { WhopApiError, type WhopClient } from '../whop/client';
import { envelopeOf, WebhookPayloadError } from '../whop/webhook';
import { askWhop } from './askWhop';
import type { EventDelivery } from './EventDelivery';
import type { Fulfilment, LearnOutcome } from './Fulfilment';
import { once, requestHashOf, type IdempotencyClaim } from './idempotent';
import type { WebhookOutcome, WebhookService } from './WebhookService';
import { refundTarget, type WhopRefunds } from './WhopRefunds';

export interface AdjustmentInput {
  actor: string;
  userId: string;
  credits: number;
  reason: string;
  idempotencyKey: string;
}

type AdjustmentResult = { entryId: string; credits: number; balance: number };

export interface ResolveInput {
  actor: string;
  orderId: string;
  action: ResolveAction;
  note: string;
  idempotencyKey: string;
}

/** Whether a stored Idempotency-Key result is a finished action's (a refund claims its key before asking Whop). */
const finished = (result: unknown) => typeof result === 'object' && result !== null && 'outcome' in result;

/**
 * What a refund's Idempotency-Key holds until Whop has answered: which request works on it and
 * since when, and once chosen the payment and Whop's own key, so that sending the key again asks
 * Whop the same (unless Whop's refund under that key failed since: then a new attempt), never anew.
 */
const refundProgress = z.object({
  /** The request that holds the key (a random token), and since when; null: none does. */
  holder: z.string().nullable().default(null),
  startedAt: z.string().nullable().default(null),
  whopPaymentId: z.string().optional(),
  whopKey: z.string().optional(),
  /** Which attempt at Whop `whopKey` is (how many of the payment's refunds had failed when it was chosen). */
  attempt: z.number().int().optional(),
});
type RefundProgress = z.infer<typeof refundProgress>;
/** A request holding a refund's key longer than this has stopped: Whop's calls (up to 60 s each, retried twice) end well before. */
const IN_FLIGHT_MS = 5 * 60_000;
/** How long a request waits for a twin with the same key to get Whop's answer. */
const WAIT_FOR_TWIN_MS = 10_000;

/**
 * What operators do: adjust a balance, resolve an order (grant, dismiss, refund through Whop) and
 * handle a stored webhook again. Each once per Idempotency-Key where it moves money, and audited in
 * the commit that acts, never after its effect.
 */
export class OperatorActions {
  constructor(
    private readonly deps: {
      store: Store;
      webhooks: WebhookService;
      fulfilment: Fulfilment;
      refunds: WhopRefunds;
      whop: WhopClient;
      logger: Logger;
      events?: EventDelivery | null;
      now: () => Date;
    },
  ) {}

  /**
   * Gives (positive) or takes (negative) credits once per Idempotency-Key, audited with the
   * operator's reason. The same key and body replay the first answer; another body is 422.
   */
  async adjust(input: AdjustmentInput): Promise<AdjustmentResult & { replayed: boolean }> {
    const claim = { scope: ledgerKey('adjustment', input.userId), key: input.idempotencyKey, requestHash: requestHashOf([input.userId, input.credits, input.reason]) };
    const { result, replayed } = await this.deps.store.transact((uow) =>
      once<AdjustmentResult>(uow, claim, {
        reused: 'This Idempotency-Key was already used for a different adjustment.',
        work: async () => {
          const { balance } = await uow.ledger.lockAccount(input.userId);
          const { entryIds } = await uow.apply({
            at: this.deps.now(),
            entries: { userId: input.userId, orderId: null, drafts: [decideAdjustment(input)] },
            audit: {
              actor: input.actor,
              action: 'adjustment',
              orderId: null,
              userId: input.userId,
              reason: input.reason,
              details: { credits: input.credits, balanceBefore: balance },
            },
          });
          return { entryId: entryIds[0]!, credits: input.credits, balance: balance + input.credits };
        },
      }),
    );
    return { ...result, replayed };
  }

  /**
   * Resolves an order, once per Idempotency-Key, audited with the operator's note:
   * - `grant` credits the payment held for review as if it had matched (never one granted to another order);
   * - `dismiss` closes the review with no money moved;
   * - `refund` asks Whop to refund the order's payment in full; the credits (if any were granted) go
   *   when the refund lands, through the same path as any refund;
   * - `refund_difference` asks Whop to give back what its payment charged beyond the price (a payment
   *   held for review is granted first), and the credits stay whole.
   */
  async resolve(input: ResolveInput): Promise<{ outcome: LearnOutcome | 'refund_requested'; order: OrderSummary; replayed: boolean }> {
    const order = await this.deps.store.orders.find({ id: input.orderId });
    if (!order) throw new NotFoundError('No such order.', 'payment_not_found');
    const idempotency = { scope: ledgerKey('resolve', input.orderId), key: input.idempotencyKey, requestHash: requestHashOf([input.orderId, input.action, input.note]) };
    try {
      if (input.action === 'refund') return await this.refund(input, order, idempotency);
      if (input.action === 'refund_difference') return await this.refundDifference(input, order, idempotency);
      return await this.decide(input, order, idempotency);
    } catch (err) {
      // A key that did its work before (this request's twin won a race, or it is sent again) replays
      // its answer, whatever the order became since.
      if (err instanceof ConflictError && (await this.usedBefore(idempotency))) return { outcome: 'replayed', order: await this.summary(order.id), replayed: true };
      throw err;
    }
  }

  /**
   * Gives back what Whop charged beyond the price. A payment held for review is granted first (its
   * own step, once per this Idempotency-Key, audited as a grant), so the credits are whole and the
   * refund is of an order like any other: sent again after the grant, the request goes on with the
   * refund.
   */
  private async refundDifference(input: ResolveInput, order: Order, idempotency: IdempotencyClaim) {
    let current = order;
    if (current.status === 'review') {
      const over = eligibility(current, 'refund_difference');
      if (!over.allowed) throw new ConflictError(over.detail, over.refusal);
      await this.decide({ ...input, action: 'grant' }, current, { ...idempotency, key: `${idempotency.key}:grant` });
      current = (await this.deps.store.orders.find({ id: order.id })) ?? current;
    }
    return this.refund(input, current, idempotency);
  }

  /** Grants or dismisses the payment holding the order for review, as a fact the policy learns, audited in the same commit. */
  private async decide(input: ResolveInput, order: Order, idempotency: IdempotencyClaim) {
    const target = eligibility(order, input.action);
    if (!target.allowed) throw new ConflictError(target.detail, target.refusal);
    const decided = { action: input.action, paymentId: target.paymentId };
    const fact = input.action === 'grant' ? ({ type: 'accept', paymentId: target.paymentId } as const) : ({ type: 'dismiss', paymentId: target.paymentId } as const);
    try {
      const { outcome, order: after } = await this.deps.fulfilment.learn([{ id: order.id }], fact, {
        source: 'operator',
        operator: { actor: input.actor, action: input.action === 'grant' ? 'resolve_grant' : 'resolve_dismiss', reason: input.note, decided, idempotency },
      });
      return { outcome, order: summaryOf(after ?? order), replayed: outcome === 'replayed' };
    } catch (err) {
      if (err instanceof LedgerKeyTakenError) throw new ConflictError('This Whop payment was granted to another order; it cannot buy a second pack.', 'granted_elsewhere');
      throw err;
    }
  }

  /**
   * Refunds the order's payment through Whop: in full, the credited one or one not credited that
   * still keeps the buyer's money (held for review, or its review dismissed); or, for a refund of the
   * difference, what the credited one charged beyond the price, as the order knows it once Whop's
   * refunds of it are learnt (none while one is pending; the Whop key names the amount). Whop's
   * refunds of the payment are read first: one under way or made is not asked for again, and after a failed one
   * the new request has its own Whop key (named by the attempt), so Whop makes a new refund. The
   * payment and Whop's key are stored with the Idempotency-Key and audited (`requested`) before
   * Whop is asked, so no refund is ever made unrecorded; Whop's answer is audited too (`confirmed`,
   * or `failed` with why). A refusal frees the key; a request that stopped half-way (a crash, Whop
   * not answering) leaves it unfinished, and sending it again asks Whop the same, or replays once
   * Whop's refunds show the refund.
   */
  private async refund(input: ResolveInput, order: Order, idempotency: IdempotencyClaim) {
    const { store, refunds } = this.deps;
    let taken = await this.takeRefundKey(idempotency);
    // A twin with this key is asking Whop right now: its answer is this request's too.
    for (const deadline = Date.now() + WAIT_FOR_TWIN_MS; taken.state === 'busy' && Date.now() < deadline;) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      taken = await this.takeRefundKey(idempotency);
    }
    if (taken.state === 'done') return { outcome: 'refund_requested' as const, order: await this.summary(order.id), replayed: true };
    if (taken.state === 'busy') throw new ConflictError('A request with this Idempotency-Key is still being handled; send it again shortly.', 'request_in_progress');
    const { progress: earlier, holder } = taken;
    const difference = input.action === 'refund_difference';

    const audit = (whopPaymentId: string, details: Record<string, unknown>) => ({
      actor: input.actor,
      action: 'resolve_refund' as const,
      orderId: order.id,
      userId: order.userId,
      reason: input.note,
      details: { whopPaymentId, statusBefore: order.status, ...(difference ? { refund: 'difference' } : {}), ...details },
    });
    // The key changes only while this request holds it (a request that outlived its time may have lost it to a resend).
    const keep = (uow: UnitOfWork, next: 'release' | Record<string, unknown>) => this.whileHeld(uow, idempotency, holder, next);
    const finish = (whopPaymentId: string, refundId: string | null) =>
      store.transact(async (uow) => {
        await keep(uow, { outcome: 'refund_requested', refundId });
        await uow.apply({ at: this.deps.now(), audit: audit(whopPaymentId, { whop: 'confirmed', refundId }) });
      });
    // Whop was asked under this key (now, or by a request that stopped half-way): the key is never freed again.
    let asked = earlier.whopKey !== undefined;
    try {
      const whopPaymentId = earlier.whopPaymentId ?? this.paymentToRefund(order, difference ? 'refund_difference' : 'refund');
      const target = refundTarget(order, whopPaymentId);
      const before = await askWhop(() => refunds.atWhop(order, target), 'Whop could not be reached to read its refunds of this payment; nothing was done. Try again.');
      // The difference left once Whop's refunds are learnt; none while one of them is pending.
      const left = difference && !before.pending ? await this.differenceLeft(order.id, whopPaymentId) : null;
      if (difference ? left === null : before.underWay) {
        if (!asked) {
          if (difference && !before.pending) throw new ConflictError('Whop’s refunds of this payment leave no difference to refund.', 'no_difference');
          throw new ConflictError('Whop is already refunding this payment, or has refunded it.', 'refund_under_way');
        }
        // Asked under this key before: Whop's refund is the answer.
        await finish(whopPaymentId, null);
        return { outcome: 'refund_requested' as const, order: await this.summary(order.id), replayed: true };
      }
      // Asked before and Whop's refund failed since: a new attempt, under a key of its own. A refund
      // of the difference asks for what is left of it now (never what was left when first sent: a
      // refund made meanwhile shrinks it), under a key naming that amount, so the same amount sent
      // again is the same request to Whop and another amount another.
      const attempt = before.attempt;
      const cents = difference ? left! : undefined;
      const whopKey =
        cents !== undefined
          ? `operator-refund:${order.id}:${whopPaymentId}:${attempt}:difference:${cents}`
          : earlier.whopKey !== undefined && earlier.attempt === attempt
            ? earlier.whopKey
            : `operator-refund:${order.id}:${whopPaymentId}:${attempt}`;
      await store.transact(async (uow) => {
        await keep(uow, { holder, startedAt: new Date().toISOString(), whopPaymentId, whopKey, attempt });
        await uow.apply({ at: this.deps.now(), audit: audit(whopPaymentId, { whop: 'requested', whopKey, ...(cents === undefined ? {} : { cents }) }) });
      });
      asked = true;
      let answer;
      try {
        answer = await refunds.request(order, target, whopKey, cents);
      } catch (err) {
        if (!(err instanceof WhopApiError)) throw err;
        const refused = err.status !== null && err.status >= 400 && err.status < 500 && err.status !== 408 && err.status !== 429;
        await store.transact(async (uow) => {
          // Refused: the key is free again. Not answered: the refund may have been made; sending the key again finds out.
          await keep(uow, refused ? 'release' : { holder: null, startedAt: null, whopPaymentId, whopKey, attempt });
          await uow.apply({
            at: this.deps.now(),
            audit: audit(whopPaymentId, { whop: 'failed', failed: err.status === 404 ? 'unknown to Whop' : refused ? 'refused by Whop' : 'Whop unreachable', error: err.message }),
          });
        });
        if (err.status === 404) throw new WhopUnknownError(`Whop does not know the payment ${whopPaymentId} (it answered 404 Not Found); nothing was refunded.`);
        if (refused) throw new ConflictError(`Whop refused the refund: ${err.message}`, 'refund_refused');
        throw new UpstreamError('Whop did not answer; the refund may or may not have been made. Send the same request again to find out.', err.timeout ? 504 : 502);
      }
      await finish(whopPaymentId, answer === 'under_way' ? null : answer.refundId);
      // The refund's webhook will tell; reading Whop's refunds now shows it at once.
      await refunds.atWhop(order, target).catch((err: Error) => this.deps.logger.warn({ orderId: order.id, err: err.message }, 'could not read the refund back from Whop yet'));
      return { outcome: 'refund_requested' as const, order: await this.summary(order.id), replayed: false };
    } catch (err) {
      // A key that never asked Whop anything is free again.
      if (!asked) await store.transact((uow) => keep(uow, 'release'));
      throw err;
    }
  }

  /**
   * Takes a refund's Idempotency-Key: a new one, or one left unfinished by a request that stopped
   * half-way (its progress says how far it got); `busy` while another request holds it, `done` once
   * it has Whop's answer.
   */
  private takeRefundKey({
    scope,
    key,
    requestHash,
  }: IdempotencyClaim): Promise<{ state: 'ours'; progress: RefundProgress; holder: string } | { state: 'busy' } | { state: 'done' }> {
    return this.deps.store.transact(async (uow) => {
      const now = new Date();
      const claimed = await uow.idempotency.claim(scope, key, requestHash);
      let progress: RefundProgress = { holder: null, startedAt: null };
      if (!claimed.claimed) {
        if (claimed.requestHash !== requestHash) throw new IdempotencyKeyReusedError();
        if (finished(claimed.result)) return { state: 'done' as const };
        progress = refundProgress.parse(claimed.result);
        if (progress.startedAt && now.getTime() - Date.parse(progress.startedAt) < IN_FLIGHT_MS) return { state: 'busy' as const };
      }
      const holder = randomUUID();
      await uow.idempotency.complete(scope, key, { ...progress, holder, startedAt: now.toISOString() });
      return { state: 'ours' as const, progress, holder };
    });
  }

  /** Writes a refund's key (or frees it) only if `holder` still holds it. */
  private async whileHeld(uow: UnitOfWork, { scope, key, requestHash }: IdempotencyClaim, holder: string, next: 'release' | Record<string, unknown>): Promise<void> {
    const current = await uow.idempotency.claim(scope, key, requestHash);
    if (current.claimed || (current.result as { holder?: unknown } | null)?.holder !== holder) {
      this.deps.logger.warn({ scope, key }, 'a refund request outlived its hold on its Idempotency-Key; the key is left to the request that holds it');
      if (current.claimed) await uow.idempotency.release(scope, key);
      return;
    }
    if (next === 'release') await uow.idempotency.release(scope, key);
    else await uow.idempotency.complete(scope, key, next);
  }

  /** The payment a refund of the order (or of its difference) would give back, or the refusal that says why there is none. */
  private paymentToRefund(order: Order, action: 'refund' | 'refund_difference'): string {
    const target = eligibility(order, action);
    if (!target.allowed) throw new ConflictError(target.detail, target.refusal);
    return target.paymentId;
  }

  /** What the payment still charged beyond the price, as the order knows it now; null: nothing. */
  private async differenceLeft(orderId: string, whopPaymentId: string): Promise<number | null> {
    const order = await this.deps.store.orders.find({ id: orderId });
    const target = order ? eligibility(order, 'refund_difference') : null;
    return target?.allowed && target.paymentId === whopPaymentId ? target.refundCents : null;
  }

  /** Whether an Idempotency-Key finished an action before (422 if with another request); a first use is not recorded here. */
  private usedBefore({ scope, key, requestHash }: IdempotencyClaim): Promise<boolean> {
    return this.deps.store.transact(async (uow) => {
      const claim = await uow.idempotency.claim(scope, key, requestHash);
      if (claim.claimed) {
        // Never used: the claim this question made is given back at once.
        await uow.idempotency.release(scope, key);
        return false;
      }
      if (claim.requestHash !== requestHash) throw new IdempotencyKeyReusedError();
      return finished(claim.result);
    });
  }

  private async summary(orderId: string): Promise<OrderSummary> {
    const order = await this.deps.store.orders.find({ id: orderId });
    if (!order) throw new NotFoundError('No such order.', 'payment_not_found');
    return summaryOf(order);
  }

  /** Sends an event to the host app again (delivered or not), after its user's earlier ones; logged with who asked. */
  async redeliver(actor: string, eventId: string): Promise<OutboundEvent> {
    const event = await this.deps.store.outbox.redeliver(eventId, new Date());
    if (!event) throw new NotFoundError('No such event.', 'event_not_found');
    this.deps.logger.info({ actor, eventId, type: event.type }, 'event for the host app sent again by an operator');
    this.deps.events?.nudge();
    return event;
  }

  /**
   * Handles a stored event again, exactly as if Whop had delivered it once more: an event handled
   * before is a duplicate and changes nothing; one recorded but never handled is handled now.
   */
  async replay(actor: string, eventId: string, reason: string): Promise<{ outcome: WebhookOutcome }> {
    const { store, webhooks, logger } = this.deps;
    const stored = await store.inbox.stored(eventId);
    if (!stored) throw new NotFoundError('No such webhook event.', 'event_not_found');
    let envelope;
    try {
      envelope = envelopeOf(stored.id, stored.payload);
    } catch (err) {
      if (err instanceof WebhookPayloadError) throw new AppError('event_unreadable', 'The stored event is not a Whop event envelope; there is nothing to handle.');
      throw err;
    }
    // Recorded before it is handled: whatever handling does, the log has who asked and why.
    await store.audit.append({ actor, action: 'webhook_replay', orderId: stored.orderId, userId: null, reason, details: { eventId, type: stored.type } });
    const outcome = await webhooks.handle(envelope);
    logger.info({ eventId, outcome, actor }, 'webhook handled again by an operator');
    return { outcome };
  }
}

/** An order without its Whop history, as the console's answers carry it. */
function summaryOf({ history: _history, ...summary }: Order): OrderSummary {
  return summary;
}
