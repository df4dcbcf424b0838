import { createHash } from 'node:crypto';
import { decideAdjustment } from '../domain/credits';
import type { OrderHistory } from '../domain/history';
import { ledgerKey } from '../domain/ledgerKeys';
import type { OrderSummary } from '../domain/order';
import { AppError, NotFoundError, ValidationError } from '../errors';
import type { Logger } from '../logger';
import { InvalidCursorError, type AuditEntry, type LedgerEntry, type OrderSearch, type Page, type PageRequest, type Store, type WebhookEventRecord } from '../store/ports';
import { envelopeOf, WebhookPayloadError } from '../whop/webhook';
import type { WebhookOutcome, WebhookService } from './WebhookService';

/** One line of an order's story, oldest first. */
export type TimelineItem =
  | { kind: 'created'; at: Date }
  | { kind: 'webhook'; at: Date; eventId: string; type: string; outcome: string | null }
  | { kind: 'ledger'; at: Date; entryKind: LedgerEntry['kind']; credits: number; memo: string | null }
  | { kind: 'completed'; at: Date; source: OrderSummary['completionSource'] }
  | { kind: 'operator'; at: Date; action: AuditEntry['action']; actor: string; reason: string; details: Record<string, unknown> };

export interface OrderDetail {
  order: OrderSummary;
  /** What Whop told about the order: each payment with its refunds and disputes. */
  whop: OrderHistory;
  timeline: TimelineItem[];
}

export interface UserDetail {
  userId: string;
  balance: number;
  ledger: LedgerEntry[];
  orders: OrderSummary[];
  audit: AuditEntry[];
}

export interface AdjustmentInput {
  actor: string;
  userId: string;
  credits: number;
  reason: string;
  idempotencyKey: string;
}

type AdjustmentResult = { entryId: string; credits: number; balance: number };

const USER_PAGE = 50;

/**
 * The operator console's service: finding orders and users, reading an order's story, adjusting a
 * balance and handling a stored webhook again. Every action is audited in the transaction that makes it.
 */
export class AdminService {
  constructor(private readonly deps: { store: Store; webhooks: WebhookService; logger: Logger }) {}

  async searchOrders(search: OrderSearch, page: PageRequest): Promise<Page<OrderSummary>> {
    try {
      return await this.deps.store.orders.search(search, page);
    } catch (err) {
      if (err instanceof InvalidCursorError) throw new ValidationError('The cursor is not valid.', [{ path: 'cursor', message: err.message }]);
      throw err;
    }
  }

  async orderDetail(orderId: string): Promise<OrderDetail> {
    const { store } = this.deps;
    const order = await store.orders.find({ id: orderId });
    if (!order) throw new NotFoundError('No such order.', 'payment_not_found');
    const [events, entries, audit] = await Promise.all([store.inbox.forOrder(orderId), store.ledger.forOrder(orderId), store.audit.forOrder(orderId)]);
    const { history, ...summary } = order;
    return { order: summary, whop: history, timeline: timelineOf(summary, events, entries, audit) };
  }

  async userDetail(userId: string): Promise<UserDetail> {
    const { store } = this.deps;
    const [balance, ledger, orders, audit] = await Promise.all([
      store.ledger.balance(userId),
      store.ledger.page(userId, { limit: USER_PAGE }),
      store.orders.pageForUser(userId, { limit: USER_PAGE }),
      store.audit.forUser(userId, USER_PAGE),
    ]);
    return { userId, balance, ledger: ledger.items, orders: orders.items, audit };
  }

  /**
   * Gives (positive) or takes (negative) credits once per Idempotency-Key, audited with the
   * operator's reason. The same key and body replay the first answer; another body is 422.
   */
  async adjust(input: AdjustmentInput): Promise<AdjustmentResult & { replayed: boolean }> {
    const requestHash = createHash('sha256')
      .update(JSON.stringify([input.userId, input.credits, input.reason]))
      .digest('hex');
    const scope = ledgerKey('adjustment', input.userId);
    return this.deps.store.transact(async (uow) => {
      const claim = await uow.idempotency.claim(scope, input.idempotencyKey, requestHash);
      if (!claim.claimed) {
        if (claim.requestHash !== requestHash) {
          throw new AppError(422, 'idempotency_key_reused', 'Idempotency key reused', 'This Idempotency-Key was already used for a different adjustment.');
        }
        return { ...(claim.result as AdjustmentResult), replayed: true };
      }
      const balance = await uow.ledger.lockBalance(input.userId);
      const entry = decideAdjustment(input);
      const { entryIds } = await uow.apply({
        entries: { userId: input.userId, orderId: null, drafts: [entry] },
        audit: { actor: input.actor, action: 'adjustment', orderId: null, userId: input.userId, reason: input.reason, details: { credits: input.credits, balanceBefore: balance } },
      });
      const result: AdjustmentResult = { entryId: entryIds[0]!, credits: input.credits, balance: balance + input.credits };
      await uow.idempotency.complete(scope, input.idempotencyKey, result);
      return { ...result, replayed: false };
    });
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
      if (err instanceof WebhookPayloadError)
        throw new AppError(409, 'event_unreadable', 'Event unreadable', 'The stored event is not a Whop event envelope; there is nothing to handle.');
      throw err;
    }
    const outcome = await webhooks.handle(envelope);
    const after = await store.inbox.find(eventId);
    await store.audit.append({
      actor,
      action: 'webhook_replay',
      orderId: after?.orderId ?? stored.orderId,
      userId: null,
      reason,
      details: { eventId, type: stored.type, outcome },
    });
    logger.info({ eventId, outcome, actor }, 'webhook handled again by an operator');
    return { outcome };
  }
}

function timelineOf(order: OrderSummary, events: WebhookEventRecord[], entries: LedgerEntry[], audit: AuditEntry[]): TimelineItem[] {
  const items: TimelineItem[] = [
    { kind: 'created', at: order.createdAt },
    ...events.map((e): TimelineItem => ({ kind: 'webhook', at: e.receivedAt, eventId: e.id, type: e.type, outcome: e.outcome })),
    ...entries.map((e): TimelineItem => ({ kind: 'ledger', at: e.createdAt, entryKind: e.kind, credits: e.credits, memo: e.memo })),
    ...audit.map((a): TimelineItem => ({ kind: 'operator', at: a.at, action: a.action, actor: a.actor, reason: a.reason, details: a.details })),
  ];
  if (order.completedAt) items.push({ kind: 'completed', at: order.completedAt, source: order.completionSource });
  // Stable: what happened in the same millisecond keeps the order above.
  return items
    .map((item, i) => ({ item, i }))
    .sort((a, b) => a.item.at.getTime() - b.item.at.getTime() || a.i - b.i)
    .map(({ item }) => item);
}
