import { z } from 'zod';
import { packageIdSchema } from './catalog';
import { historyQuerySchema, isoDate, MAX_SPEND, paymentSchema, paymentStatusSchema, plainText, queryDate } from './schemas';

/** The operator console's contract (routes under /api/admin). */

export const adminOrdersQuerySchema = historyQuerySchema.extend({
  status: paymentStatusSchema.optional(),
  packageId: packageIdSchema.optional(),
  userId: plainText(128).optional(),
  /** An order id or its start (6 characters or more), a user id, a Whop payment id or a Whop checkout id. */
  q: plainText(200).optional(),
  /** Created at or after. */
  from: queryDate.optional(),
  /** Created before. */
  to: queryDate.optional(),
});
export type AdminOrdersQuery = z.infer<typeof adminOrdersQuerySchema>;

/** An order as operators see it: the buyer's view and what the buyer does not see. */
export const adminOrderSchema = paymentSchema.extend({
  statusReason: z.string().nullable(),
  completionSource: z.enum(['webhook', 'test', 'reconcile', 'operator']).nullable(),
  clawedCredits: z.number().int(),
  heldCredits: z.number().int(),
  /** The soonest time Whop takes the seller's evidence for a dispute of the order waiting for it; null: none waits. */
  respondBy: isoDate.nullable(),
});
export type AdminOrderDto = z.infer<typeof adminOrderSchema>;
/** User ids are compared exactly: these exist and differ from the one asked for only in the case of letters (at most 5). */
const userIdsInOtherCase = z.array(z.string());
export const adminOrdersResponseSchema = z.object({
  orders: z.array(adminOrderSchema),
  nextCursor: z.string().nullable(),
  /** For `q` (or `userId`) on the first page: user ids that differ from it only in case; empty otherwise. */
  userIdsInOtherCase,
});
export type AdminOrdersDto = z.infer<typeof adminOrdersResponseSchema>;

export const auditActionSchema = z.enum(['adjustment', 'resolve_grant', 'resolve_refund', 'resolve_dismiss', 'webhook_replay']);
export const auditEntrySchema = z.object({
  id: z.string(),
  at: isoDate,
  actor: z.string(),
  action: auditActionSchema,
  orderId: z.string().nullable(),
  userId: z.string().nullable(),
  reason: z.string(),
  details: z.record(z.string(), z.unknown()),
});

const ledgerKind = z.enum(['grant', 'refund', 'dispute', 'spend', 'adjustment']);
export const timelineItemSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('created'), at: isoDate }),
  z.object({ kind: z.literal('webhook'), at: isoDate, eventId: z.string(), type: z.string(), outcome: z.string().nullable() }),
  z.object({ kind: z.literal('ledger'), at: isoDate, entryKind: ledgerKind, credits: z.number().int(), memo: z.string().nullable() }),
  z.object({ kind: z.literal('completed'), at: isoDate, source: z.enum(['webhook', 'test', 'reconcile', 'operator']).nullable() }),
  z.object({ kind: z.literal('operator'), at: isoDate, action: auditActionSchema, actor: z.string(), reason: z.string(), details: z.record(z.string(), z.unknown()) }),
]);
export type TimelineItemDto = z.infer<typeof timelineItemSchema>;

/** A refund's or dispute's own currency; null: the payment's. */
const currency = z.string().nullable();
const whopRefund = z.object({ id: z.string(), status: z.string(), cents: z.number().int(), currency });
/** `needsResponseBy`: when the seller's evidence is due at Whop (the latest Whop said), or null. */
const whopDispute = z.object({ id: z.string(), status: z.string(), cents: z.number().int().nullable(), currency, needsResponseBy: isoDate.nullable() });
/** What Whop told about an order: each payment, whether it was paid, why it did not match, its refunds and disputes. */
export const whopPaymentViewSchema = z.object({
  id: z.string(),
  paid: z.boolean(),
  /** An attempt of it was declined. */
  declined: z.boolean(),
  /** What Whop charged for the pack (net of tax added on top), when it said. */
  chargedCents: z.number().int().nullable(),
  /** What Whop charged in all, tax added on top included, when it said. */
  totalCents: z.number().int().nullable(),
  /** The charge's currency, when Whop said. */
  currency,
  /** The same charge in the buyer's currency, when Whop priced it in another. */
  settlement: z.object({ cents: z.number().int(), currency: z.string() }).nullable(),
  mismatch: z.string().nullable(),
  refunds: z.array(whopRefund),
  disputes: z.array(whopDispute),
});
export const resolveActionSchema = z.enum(['grant', 'refund', 'refund_difference', 'dismiss']);
export type ResolveAction = z.infer<typeof resolveActionSchema>;
export const adminOrderDetailSchema = z.object({
  order: adminOrderSchema,
  whopPayments: z.array(whopPaymentViewSchema),
  timeline: z.array(timelineItemSchema),
  /** What an operator may do to the order now (the API decides; the console offers only these), each with the Whop payment it targets. */
  actions: z.array(
    z.object({
      action: resolveActionSchema,
      paymentId: z.string(),
      /** For `refund_difference`: what Whop is asked to give back, in the order's currency (tax added on top included); null for the others. */
      refundCents: z.number().int().nullable(),
    }),
  ),
  /** The account's dashboard at Whop (Whop gives no address for one payment's page): its payments and disputes are there. */
  whopDashboardUrl: z.string().url(),
});
export type AdminOrderDetailDto = z.infer<typeof adminOrderDetailSchema>;

export const adminLedgerEntrySchema = z.object({
  id: z.string(),
  kind: ledgerKind,
  credits: z.number().int(),
  paymentId: z.string().nullable(),
  memo: z.string().nullable(),
  createdAt: isoDate,
});
export const adminUserSchema = z.object({
  userId: z.string(),
  balance: z.number().int(),
  ledger: z.array(adminLedgerEntrySchema),
  orders: z.array(adminOrderSchema),
  audit: z.array(auditEntrySchema),
  userIdsInOtherCase,
});
export type AdminUserDto = z.infer<typeof adminUserSchema>;

/** GET /api/admin/users?q=: user ids with orders or credits that start with `q` (exactly, case included), `q` itself first when it is one; at most 20. */
export const adminUsersQuerySchema = z.strictObject({ q: plainText(128) });
export const adminUsersResponseSchema = z.object({ userIds: z.array(z.string()) });

/** Positive gives credits, negative takes them back (the balance may go below zero). */
export const adjustmentBodySchema = z.strictObject({
  credits: z
    .number()
    .int()
    .min(-MAX_SPEND)
    .max(MAX_SPEND)
    .refine((n) => n !== 0, 'must not be zero'),
  reason: plainText(500),
});
export const adjustmentResponseSchema = z.object({ entryId: z.string(), credits: z.number().int(), balance: z.number().int() });

export const resolveBodySchema = z.strictObject({ action: resolveActionSchema, note: plainText(500) });
export const resolveResponseSchema = z.object({ outcome: z.string(), order: adminOrderSchema });

export const replayBodySchema = z.strictObject({ reason: plainText(500) });
export const replayResponseSchema = z.object({ outcome: z.string() });

export const statsIntervalSchema = z.enum(['day', 'hour']);
/** Longest range per interval: about a month of hours, about a year of days. */
export const MAX_STATS_BUCKETS = { hour: 24 * 31, day: 400 } as const;
export const statsQuerySchema = z
  .strictObject({ from: queryDate.optional(), to: queryDate.optional(), interval: statsIntervalSchema.default('day') })
  .refine((q) => !q.from || !q.to || Date.parse(q.from) < Date.parse(q.to), { message: 'from must be before to', path: ['from'] });

const rate = z.number().min(0).max(1).nullable();
export const statsCountsSchema = z.object({
  /** Orders created in the interval, and what became of them since. */
  created: z.number().int(),
  completed: z.number().int(),
  failed: z.number().int(),
  expired: z.number().int(),
  cancelled: z.number().int(),
  review: z.number().int(),
  creditsGranted: z.number().int(),
  /** Money Whop moved, by when it was learnt, tax added on top included: every payment Whop took (second payments and payments held for review included). */
  chargedCents: z.number().int(),
  /** Every refund Whop made (operators' and automatic ones included); chargebacks are not in it. */
  refundedCents: z.number().int(),
  /** Chargebacks lost. */
  chargebackCents: z.number().int(),
  /** Charged − refunded − chargebacks. */
  netCents: z.number().int(),
  /** Payments Whop took, and attempts it declined. */
  payments: z.number().int(),
  declines: z.number().int(),
  /** Completed ÷ created. */
  conversion: rate,
  /** Orders completed ÷ (completed + failed). */
  successRate: rate,
  /** Declined attempts ÷ (payments taken + declined attempts). */
  declineRate: rate,
});
const credits = z.number().int();
export const statsCreditsSchema = z.object({
  /** Given for paid orders in the range. */
  granted: credits,
  /** Spent by buyers in the range (holds count when captured). */
  spent: credits,
  /** Taken back by refunds and lost disputes, less what won disputes gave back. */
  takenBack: credits,
  /** Operators' adjustments added up (negative: more taken than given). */
  adjusted: credits,
  /** Owed to buyers at the end of the range: the sum of their balances above zero. */
  outstanding: credits,
  /** `outstanding` at the average price paid per credit until then, in cents; null before any paid order. */
  outstandingCents: z.number().int().nullable(),
});
export const statsBuyersSchema = z.object({
  /** Buyers with a paid order among the orders created in the range. */
  unique: z.number().int(),
  /** Of those, buyers with more than one paid order by the end of the range. */
  repeat: z.number().int(),
  /** Charged ÷ payments Whop took, in cents; null without payments. */
  averageOrderCents: z.number().int().nullable(),
});
/** Buyers (each counted once) at each step of a purchase: opened the dialog, chose a pack, were sent to Whop, paid. */
export const funnelSchema = z.object({ opened: z.number().int(), packChosen: z.number().int(), checkoutStarted: z.number().int(), paid: z.number().int() });
export const statsFunnelSchema = z.object({ total: funnelSchema, byPack: z.record(packageIdSchema, funnelSchema) });
export type FunnelDto = z.infer<typeof funnelSchema>;

export const statsResponseSchema = z.object({
  from: isoDate,
  to: isoDate,
  interval: statsIntervalSchema,
  /** The currency of every amount below: the catalog's. */
  currency: z.string(),
  buckets: z.array(statsCountsSchema.extend({ start: isoDate })),
  total: statsCountsSchema,
  byPack: z.record(packageIdSchema, statsCountsSchema),
  credits: statsCreditsSchema,
  buyers: statsBuyersSchema,
  funnel: statsFunnelSchema,
  /** The same figures for the period of the same length just before. */
  previous: z.object({ from: isoDate, to: isoDate, total: statsCountsSchema, credits: statsCreditsSchema, buyers: statsBuyersSchema, funnel: statsFunnelSchema }),
  creditsTakenBack: z.object({ refunds: z.number().int(), disputes: z.number().int() }),
  webhooks: z.object({ handled: z.number().int(), p50Ms: z.number().int().nullable(), p99Ms: z.number().int().nullable(), failures: z.number().int() }),
  requests: z.object({ total: z.number().int(), serverErrors: z.number().int(), serverErrorShare: rate }),
  ledgerCheck: z.object({ at: isoDate, differences: z.number().int() }).nullable(),
  /** What Whop sent in the range that could not be read, and was skipped: how many, and the most recently met. */
  unreadable: z.object({
    count: z.number().int(),
    items: z.array(
      z.object({ kind: z.enum(['payment', 'refund', 'dispute']), whopId: z.string(), reason: z.string(), firstSeenAt: isoDate, lastSeenAt: isoDate, seen: z.number().int() }),
    ),
  }),
});
export type StatsDto = z.infer<typeof statsResponseSchema>;

/** GET /api/me: who the caller is, and whether the web app offers them the operator console. */
export const meResponseSchema = z.object({ userId: z.string(), operator: z.boolean() });
export type MeDto = z.infer<typeof meResponseSchema>;

/** GET /api/admin/events: the events told to the host app (EVENTS_WEBHOOK_URL), newest first. */
export const adminEventsQuerySchema = z.strictObject({
  status: z.enum(['pending', 'delivered', 'failing']).optional(),
  userId: z.string().min(1).max(128).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().min(1).max(200).optional(),
});
export const adminEventSchema = z.object({
  id: z.string(),
  type: z.string(),
  userId: z.string(),
  /** The body sent: `{ type, timestamp, data }`. */
  payload: z.record(z.string(), z.unknown()),
  createdAt: isoDate,
  attempts: z.number().int().nonnegative(),
  nextAttemptAt: isoDate,
  deliveredAt: isoDate.nullable(),
  /** The receiver's last answer (null: none, or no answer). */
  lastStatus: z.number().int().nullable(),
  lastError: z.string().nullable(),
});
export const adminEventsResponseSchema = z.object({ events: z.array(adminEventSchema), nextCursor: z.string().nullable() });
export const adminEventResponseSchema = z.object({ event: adminEventSchema });
