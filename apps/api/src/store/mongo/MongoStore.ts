import type { ClientSession } from 'mongodb';
import type { Connection } from 'mongoose';
import { auditEntryModel } from '../../models/AuditEntry';
import { creditAccountModel } from '../../models/CreditAccount';
import { creditHoldModel } from '../../models/CreditHold';
import { outboundEventModel } from '../../models/OutboundEvent';
import { ledgerCheckModel } from '../../models/LedgerCheck';
import { requestMinuteModel } from '../../models/RequestMinute';
import { idempotencyRecordModel } from '../../models/IdempotencyRecord';
import { leaseModel } from '../../models/Lease';
import { funnelStepModel } from '../../models/FunnelStep';
import { moneyMovementModel } from '../../models/MoneyMovement';
import { unreadableWhopObjectModel } from '../../models/UnreadableWhopObject';
import { ledgerEntryModel } from '../../models/LedgerEntry';
import { paymentModel } from '../../models/Payment';
import { watermarkModel } from '../../models/Watermark';
import { webhookEventModel } from '../../models/WebhookEvent';
import type { Store, UnitOfWork } from '../ports';
import { applyInSession } from './apply';
import { backfillOrders } from './backfill';
import { idempotencyInSession } from './idempotency';
import { MongoAudit } from './MongoAudit';
import { holdsInSession, MongoHolds } from './MongoHolds';
import { inboxInSession, MongoInbox } from './MongoInbox';
import { MongoLeases } from './MongoLeases';
import { ledgerInSession, MongoLedger } from './MongoLedger';
import { MongoOrders, ordersInSession } from './MongoOrders';
import { MongoOutbox } from './MongoOutbox';
import { MongoStats } from './MongoStats';
import { MongoUnreadable } from './MongoUnreadable';
import { MongoWatermarks } from './MongoWatermarks';

/**
 * The MongoDB adapter of the storage ports. A unit of work is one multi-document transaction
 * (`connection.transaction`, which runs the work again on transient errors and unknown commit
 * results), with snapshot reads and majority writes.
 */
export class MongoStore implements Store {
  readonly kind = 'mongodb';
  readonly orders: MongoOrders;
  readonly ledger: MongoLedger;
  readonly holds: MongoHolds;
  readonly outbox: MongoOutbox;
  readonly inbox: MongoInbox;
  readonly leases: MongoLeases;
  readonly watermarks: MongoWatermarks;
  readonly audit: MongoAudit;
  readonly stats: MongoStats;
  readonly unreadable: MongoUnreadable;
  private readonly models;

  constructor(
    private readonly connection: Connection,
    private readonly onClose: () => Promise<void>,
    /** Events for the host app are written with each change (EVENTS_WEBHOOK_URL is set). */
    private readonly announces = false,
  ) {
    this.models = {
      Payment: paymentModel(connection),
      Account: creditAccountModel(connection),
      Hold: creditHoldModel(connection),
      Outbound: outboundEventModel(connection),
      Ledger: ledgerEntryModel(connection),
      Event: webhookEventModel(connection),
      Lease: leaseModel(connection),
      Idempotency: idempotencyRecordModel(connection),
      Watermark: watermarkModel(connection),
      Audit: auditEntryModel(connection),
      RequestMinute: requestMinuteModel(connection),
      LedgerCheck: ledgerCheckModel(connection),
      Movement: moneyMovementModel(connection),
      Unreadable: unreadableWhopObjectModel(connection),
      Funnel: funnelStepModel(connection),
    };
    this.orders = new MongoOrders(this.models.Payment, this.models.Lease);
    this.ledger = new MongoLedger(this.models, (fn) => this.session(fn));
    this.holds = new MongoHolds(this.models.Hold);
    this.outbox = new MongoOutbox(this.models.Outbound);
    this.inbox = new MongoInbox(this.models.Event);
    this.leases = new MongoLeases(this.models.Lease);
    this.watermarks = new MongoWatermarks(this.models.Watermark);
    this.audit = new MongoAudit(this.models.Audit);
    this.stats = new MongoStats(this.models);
    this.unreadable = new MongoUnreadable(this.models.Unreadable);
  }

  /**
   * Creates the collections (transactions cannot create them on older servers) and the indexes the
   * guarantees rest on, and fills in what orders stored before a field was kept lack. Only adds what
   * is missing: an index an operator added is left alone.
   */
  async init(): Promise<void> {
    await Promise.all(Object.values(this.models).map((m) => m.createCollection().then(() => m.createIndexes())));
    await backfillOrders(this.models.Payment, this.models.Watermark);
  }

  private session<T>(fn: (session: ClientSession) => Promise<T>): Promise<T> {
    return this.connection.transaction(fn, { readConcern: { level: 'snapshot' }, writeConcern: { w: 'majority' } });
  }

  transact<T>(work: (uow: UnitOfWork) => Promise<T>): Promise<T> {
    const { Payment, Account, Hold, Event, Idempotency, Outbound } = this.models;
    return this.session((session) =>
      work({
        orders: ordersInSession(Payment, inboxInSession(Event, session), session),
        ledger: ledgerInSession({ Account }, session),
        holds: holdsInSession({ Hold, Account, Outbound }, session, this.announces),
        inbox: inboxInSession(Event, session),
        idempotency: idempotencyInSession(Idempotency, session),
        apply: (change) => applyInSession(this.models, session, change, this.announces),
      }),
    );
  }

  async ping(): Promise<void> {
    await this.connection.db!.admin().ping();
  }

  async checkReady(): Promise<void> {
    await this.ping();
    // The unique index on ledger keys is what exactly-once rests on; without it, not ready.
    const indexes = await this.models.Ledger.listIndexes();
    if (!indexes.some((i) => i.unique && i.key && 'key' in i.key)) throw new Error('ledger key index missing');
  }

  close(): Promise<void> {
    return this.onClose();
  }
}
