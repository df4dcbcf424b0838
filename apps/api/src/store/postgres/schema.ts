import { sql } from 'drizzle-orm';
import { bigint, bigserial, check, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date', precision: 3 });

export const payments = pgTable(
  'payments',
  {
    id: text('id').primaryKey(),
    userId: text('user_id').notNull(),
    packageId: text('package_id').notNull(),
    credits: integer('credits').notNull(),
    amountCents: integer('amount_cents').notNull(),
    currency: text('currency').notNull(),
    status: text('status').notNull(),
    checkoutUrl: text('checkout_url'),
    whopCheckoutId: text('whop_checkout_id').unique('payments_whop_checkout_id_key'),
    whopPaymentId: text('whop_payment_id'),
    completionSource: text('completion_source'),
    statusReason: text('status_reason'),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
    completedAt: ts('completed_at'),
  },
  (t) => [
    index('payments_user_created_idx').on(t.userId, t.createdAt.desc(), t.id.desc()),
    index('payments_status_created_idx').on(t.status, t.createdAt),
    check('payments_credits_positive', sql`${t.credits} > 0`),
    check('payments_amount_positive', sql`${t.amountCents} > 0`),
    check(
      'payments_status_valid',
      sql`${t.status} in ('pending','completed','failed','cancelled','expired','partially_refunded','refunded','disputed','review')`,
    ),
  ],
);

export const creditAccounts = pgTable('credit_accounts', {
  userId: text('user_id').primaryKey(),
  balance: bigint('balance', { mode: 'number' }).notNull().default(0),
  updatedAt: ts('updated_at').notNull(),
});

export const ledgerEntries = pgTable(
  'ledger_entries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    userId: text('user_id').notNull(),
    key: text('key').notNull().unique('ledger_entries_key_key'),
    kind: text('kind').notNull(),
    credits: integer('credits').notNull(),
    paymentId: text('payment_id').references(() => payments.id),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('ledger_entries_user_created_idx').on(t.userId, t.createdAt.desc(), t.id.desc())],
);

export const webhookEvents = pgTable('webhook_events', {
  id: text('id').primaryKey(),
  type: text('type').notNull(),
  payload: jsonb('payload').notNull(),
  receivedAt: ts('received_at').notNull(),
  processedAt: ts('processed_at'),
  outcome: text('outcome'),
});
