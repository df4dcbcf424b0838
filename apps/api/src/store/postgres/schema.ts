import { sql } from 'drizzle-orm';
import { bigint, bigserial, check, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date', precision: 3 });

/** Orders (the table keeps the name `payments`: it is the deployed schema's, and renaming it would cost every deployment a migration). */
export const orders = pgTable(
  'payments',
  {
    id: text('id').primaryKey(),
    userId: text('user_id').notNull(),
    packageId: text('package_id').notNull(),
    /** The pack's names as bought (null on older orders: packNamesAsBought). */
    packNames: jsonb('pack_names'),
    credits: integer('credits').notNull(),
    amountCents: integer('amount_cents').notNull(),
    currency: text('currency').notNull(),
    status: text('status').notNull(),
    checkoutUrl: text('checkout_url'),
    whopCheckoutId: text('whop_checkout_id').unique('payments_whop_checkout_id_key'),
    whopPaymentId: text('whop_payment_id'),
    completionSource: text('completion_source'),
    statusReason: text('status_reason'),
    /** What Whop charged for the order in all, and what of it went back (refunds, lost chargebacks); the credits taken back for it. */
    chargedCents: integer('charged_cents').notNull().default(0),
    /** The tax Whop added on top in what it charged. */
    taxCents: integer('tax_cents').notNull().default(0),
    refundedCents: integer('refunded_cents').notNull().default(0),
    clawedCredits: integer('clawed_credits').notNull().default(0),
    /** Credits held while a dispute is open. */
    heldCredits: integer('held_credits').notNull().default(0),
    /** The soonest time Whop takes the seller's evidence for a dispute waiting for it. */
    respondBy: ts('respond_by'),
    /** The client's Idempotency-Key on create, unique per user. */
    idempotencyKey: text('idempotency_key'),
    /** What the order learnt of Whop (domain/history.ts); the status and figures above are derived from it. */
    history: jsonb('history')
      .notNull()
      .default(sql`'{"payments":[],"failed":false,"checkoutFailed":false,"expired":false,"cancelled":false}'::jsonb`),
    /** Payments Whop took for this order after the one credited (the buyer paid twice), and whether each went back. */
    secondPayments: jsonb('second_payments')
      .notNull()
      .default(sql`'[]'::jsonb`),
    /** Raised by every change: a plan applies only to the version it was decided on. */
    version: integer('version').notNull().default(0),
    /** When the sweep last asked Whop about what the order waits on (an open dispute, an unconverted refund, a second payment's refund). */
    whopAskedAt: ts('whop_asked_at'),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
    completedAt: ts('completed_at'),
  },
  (t) => [
    index('payments_user_created_idx').on(t.userId, t.createdAt.desc(), t.id.desc()),
    index('payments_user_lower_idx').on(sql`lower(${t.userId})`),
    index('payments_status_created_idx').on(t.status, t.createdAt),
    index('payments_whop_payment_id_idx').on(t.whopPaymentId),
    /** Operators find an order by the start of its id (LIKE 'prefix%' whatever the database's collation). */
    index('payments_id_prefix_idx').on(sql`${t.id} text_pattern_ops`),
    index('payments_created_idx').on(t.createdAt.desc(), t.id.desc()),
    index('payments_awaiting_whop_idx')
      .on(t.whopAskedAt.asc().nullsFirst(), t.id)
      .where(sql`${t.status} = 'disputed' or ${t.statusReason} = 'refund_currency_unknown'`),
    index('payments_unrefunded_second_idx')
      .on(t.whopAskedAt.asc().nullsFirst(), t.id)
      .where(sql`${t.secondPayments} @> '[{"refunded": false}]'::jsonb`),
    uniqueIndex('payments_user_idempotency_key_idx')
      .on(t.userId, t.idempotencyKey)
      .where(sql`${t.idempotencyKey} is not null`),
    check('payments_refunds_valid', sql`${t.chargedCents} >= 0 and ${t.refundedCents} >= 0 and ${t.clawedCredits} between 0 and ${t.credits} and ${t.heldCredits} >= 0`),
    check('payments_tax_valid', sql`${t.taxCents} between 0 and ${t.chargedCents}`),
    check('payments_credits_positive', sql`${t.credits} > 0`),
    check('payments_amount_positive', sql`${t.amountCents} > 0`),
    check('payments_status_valid', sql`${t.status} in ('pending','completed','failed','cancelled','expired','partially_refunded','refunded','disputed','review')`),
  ],
);

export const creditAccounts = pgTable(
  'credit_accounts',
  {
    userId: text('user_id').primaryKey(),
    balance: bigint('balance', { mode: 'number' }).notNull().default(0),
    /** Credits in the user's active holds: what can be spent or held is the balance less this. */
    held: bigint('held', { mode: 'number' }).notNull().default(0),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [index('credit_accounts_user_lower_idx').on(sql`lower(${t.userId})`), check('credit_accounts_held_valid', sql`${t.held} >= 0`)],
);

/** Credits set aside for work under way; each ends once: captured (a spend), released, or expired. */
export const creditHolds = pgTable(
  'credit_holds',
  {
    id: text('id').primaryKey(),
    userId: text('user_id').notNull(),
    credits: integer('credits').notNull(),
    reason: text('reason').notNull(),
    status: text('status').notNull(),
    capturedCredits: integer('captured_credits').notNull().default(0),
    createdAt: ts('created_at').notNull(),
    expiresAt: ts('expires_at').notNull(),
    settledAt: ts('settled_at'),
  },
  (t) => [
    index('credit_holds_active_expiry_idx')
      .on(t.expiresAt)
      .where(sql`${t.status} = 'active'`),
    index('credit_holds_user_idx').on(t.userId, t.createdAt),
    check('credit_holds_status_valid', sql`${t.status} in ('active','captured','released','expired')`),
    check('credit_holds_credits_valid', sql`${t.credits} > 0 and ${t.capturedCredits} between 0 and ${t.credits}`),
  ],
);

export const ledgerEntries = pgTable(
  'ledger_entries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    userId: text('user_id').notNull(),
    key: text('key').notNull().unique('ledger_entries_key_key'),
    kind: text('kind').notNull(),
    credits: integer('credits').notNull(),
    orderId: text('payment_id').references(() => orders.id),
    /** Why: a spend's reason, a refund's or dispute's id. */
    memo: text('memo'),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    index('ledger_entries_user_created_idx').on(t.userId, t.createdAt.desc(), t.id.desc()),
    index('ledger_entries_payment_idx').on(t.orderId),
    index('ledger_entries_kind_created_idx').on(t.kind, t.createdAt),
  ],
);

export const webhookEvents = pgTable(
  'webhook_events',
  {
    id: text('id').primaryKey(),
    type: text('type').notNull(),
    payload: jsonb('payload').notNull(),
    receivedAt: ts('received_at').notNull(),
    processedAt: ts('processed_at'),
    outcome: text('outcome'),
    /** The order the event was about, when it matched one. */
    orderId: text('order_id'),
    /** From receipt to the committed effect, in milliseconds. */
    handlingMs: integer('handling_ms'),
  },
  (t) => [index('webhook_events_order_idx').on(t.orderId, t.receivedAt), index('webhook_events_received_idx').on(t.receivedAt)],
);

/**
 * Every movement of money Whop made (a charge, a refund, a lost chargeback, a declined attempt), by
 * Whop's id, with the order that reported it first: what the operators' money figures sum.
 */
export const moneyMovements = pgTable(
  'money_movements',
  {
    kind: text('kind').notNull(),
    whopId: text('whop_id').notNull(),
    orderId: text('order_id')
      .notNull()
      .references(() => orders.id),
    packageId: text('package_id').notNull(),
    cents: integer('cents').notNull(),
    /** When it was first recorded. */
    at: ts('at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.kind, t.whopId] }),
    index('money_movements_order_idx').on(t.orderId),
    index('money_movements_at_idx').on(t.at),
    check('money_movements_kind_valid', sql`${t.kind} in ('charge','refund','chargeback','decline')`),
  ],
);

/** What Whop sent that could not be read: met again, it is counted on the same row. */
export const unreadableWhopObjects = pgTable(
  'unreadable_whop_objects',
  {
    kind: text('kind').notNull(),
    whopId: text('whop_id').notNull(),
    reason: text('reason').notNull(),
    firstSeenAt: ts('first_seen_at').notNull(),
    lastSeenAt: ts('last_seen_at').notNull(),
    seen: integer('seen').notNull().default(1),
  },
  (t) => [primaryKey({ columns: [t.kind, t.whopId] }), index('unreadable_whop_objects_seen_idx').on(t.lastSeenAt)],
);

/** What operators did (who, when, what, why): appended, never changed (a trigger refuses updates and deletes). */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: ts('at').notNull(),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    orderId: text('order_id'),
    userId: text('user_id'),
    reason: text('reason').notNull(),
    details: jsonb('details')
      .notNull()
      .default(sql`'{}'::jsonb`),
  },
  (t) => [index('audit_log_order_idx').on(t.orderId, t.at), index('audit_log_user_idx').on(t.userId, t.at)],
);

/** API requests per minute, how many answered 5xx, and Whop's deliveries answered 5xx; counted in memory, added here every few seconds. */
export const requestMinutes = pgTable('request_minutes', {
  minute: ts('minute').primaryKey(),
  requests: integer('requests').notNull(),
  serverErrors: integer('server_errors').notNull(),
  webhookFailures: integer('webhook_failures').notNull().default(0),
});

/** Each run of the ledger check: when, and how many accounts differed from their entries. */
export const ledgerChecks = pgTable(
  'ledger_checks',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: ts('at').notNull(),
    differences: integer('differences').notNull(),
  },
  (t) => [index('ledger_checks_at_idx').on(t.at)],
);

/** Time-limited leases: one sweeper at a time across instances. */
export const leases = pgTable('leases', {
  name: text('name').primaryKey(),
  holder: text('holder').notNull(),
  expiresAt: ts('expires_at').notNull(),
});

/** How far the sweep has read Whop's changes, by name. */
export const watermarks = pgTable('watermarks', {
  name: text('name').primaryKey(),
  at: ts('at').notNull(),
});

/** Stored results of requests made with an Idempotency-Key (spending). */
export const idempotencyRecords = pgTable(
  'idempotency_records',
  {
    scope: text('scope').notNull(),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    result: jsonb('result').notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.key] })],
);

/**
 * What the host app is told when credits move (EVENTS_WEBHOOK_URL): written with the change that
 * moved them, delivered at least once, in order per user (`seq`), until it answers 2xx.
 */
export const outboundEvents = pgTable(
  'outbound_events',
  {
    /** The `webhook-id` the host deduplicates by. */
    id: text('id').primaryKey(),
    seq: bigserial('seq', { mode: 'number' }).notNull().unique('outbound_events_seq_key'),
    /** Unique for its cause (the ledger key, the hold and what happened to it): never told twice. */
    key: text('key').notNull().unique('outbound_events_key_key'),
    type: text('type').notNull(),
    userId: text('user_id').notNull(),
    /** The body sent, exactly. */
    payload: jsonb('payload').notNull(),
    createdAt: ts('created_at').notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: ts('next_attempt_at').notNull(),
    /** A delivery under way holds it until then (another instance leaves it alone). */
    claimedUntil: ts('claimed_until'),
    deliveredAt: ts('delivered_at'),
    lastStatus: integer('last_status'),
    lastError: text('last_error'),
  },
  (t) => [
    index('outbound_events_pending_idx')
      .on(t.userId, t.seq)
      .where(sql`${t.deliveredAt} is null`),
    index('outbound_events_created_idx').on(t.createdAt),
  ],
);

/**
 * The purchase funnel's steps as buyers' browsers reported them: a buyer counts once per step, pack
 * and UTC day (`at` is the first time that day). Nothing else about the buyer is kept.
 */
export const funnelSteps = pgTable(
  'funnel_steps',
  {
    day: text('day').notNull(),
    userId: text('user_id').notNull(),
    step: text('step').notNull(),
    /** '' for a step without a pack (the purchase dialog opened). */
    packageId: text('package_id').notNull(),
    at: ts('at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.day, t.step, t.packageId, t.userId] }),
    index('funnel_steps_at_idx').on(t.at),
    check('funnel_steps_step_valid', sql`${t.step} in ('opened','pack_chosen','checkout_started')`),
  ],
);
