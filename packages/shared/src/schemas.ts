import { z } from 'zod';
import { creditPackageSchema, packageIdSchema, packNamesSchema } from './catalog';
import { PROBLEM_CODES } from './problems';
import { PAYMENT_STATUSES } from './status';

/** Body of POST /api/payment/create. Unknown keys (a price, a credit count, a user id) are rejected. */
/** The languages a buyer is spoken to in: what Whop's checkout shows (the plan's title) follows it. */
export const BUYER_LANGUAGES = ['en', 'zh-CN'] as const;
export const buyerLanguageSchema = z.enum(BUYER_LANGUAGES);
export type BuyerLanguage = z.infer<typeof buyerLanguageSchema>;
/** Body of POST /api/payment/create: the pack, and the buyer's language (else the request's Accept-Language). */
export const createPaymentBodySchema = z.strictObject({ packageId: packageIdSchema, locale: buyerLanguageSchema.optional() });

/** A step of a purchase, reported by the buyer's browser for the operators' funnel: the dialog opened (no pack), a pack chosen, sent to Whop. */
export const funnelStepSchema = z.enum(['opened', 'pack_chosen', 'checkout_started']);
export type FunnelStepName = z.infer<typeof funnelStepSchema>;
export const funnelStepBodySchema = z
  .strictObject({ step: funnelStepSchema, packageId: packageIdSchema.optional() })
  .refine((b) => (b.step === 'opened') === (b.packageId === undefined), {
    message: 'opened takes no packageId; pack_chosen and checkout_started need one',
    path: ['packageId'],
  });

export const paymentStatusSchema = z.enum(PAYMENT_STATUSES);

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

export const historyQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
  cursor: z.string().min(1).max(200).optional(),
});

/** Our order ids are UUIDs. */
export const paymentIdSchema = z.string().uuid();
export const isPaymentId = (value: unknown): value is string => paymentIdSchema.safeParse(value).success;
/** The start of an order id as the console shows it (8 characters) or longer: at least 6 of its hex digits and dashes, whatever their case. */
export const isOrderIdPrefix = (value: string): boolean => /^[0-9a-f][0-9a-f-]{5,35}$/i.test(value);

/** C0 and C1 control characters (a NUL cannot even be stored in PostgreSQL text). */
export const hasControlCharacters = (value: string) => [...value].some((c) => c.charCodeAt(0) <= 0x1f || (c.charCodeAt(0) >= 0x7f && c.charCodeAt(0) <= 0x9f));
/** Text a person writes or an app names: trimmed, no control characters. */
export const plainText = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((v) => !hasControlCharacters(v), 'must not contain control characters');

export const MAX_SPEND = 1_000_000_000;
/** Body of POST /api/credits/spend by the user themself. */
export const spendBodySchema = z.strictObject({
  credits: z.number().int().positive().max(MAX_SPEND),
  reason: plainText(200),
});
/** Body of POST /api/credits/spend by the host app's backend (service key): it names the user. */
export const serviceSpendBodySchema = spendBodySchema.extend({ userId: plainText(128) });
export const idempotencyKeySchema = plainText(255);

/** A hold lasts 15 minutes unless asked otherwise, and at most a day. */
export const DEFAULT_HOLD_SECONDS = 15 * 60;
export const MAX_HOLD_SECONDS = 24 * 3_600;
/** Body of POST /api/credits/holds by the user themself. */
export const holdBodySchema = z.strictObject({
  credits: z.number().int().positive().max(MAX_SPEND),
  reason: plainText(200),
  expiresInSeconds: z.number().int().min(1).max(MAX_HOLD_SECONDS).optional(),
});
/** Body of POST /api/credits/holds by the host app's backend (service key): it names the user. */
export const serviceHoldBodySchema = holdBodySchema.extend({ userId: plainText(128) });
/** Body of POST /api/credits/holds/{id}/capture: what to spend, at most what the hold holds. */
export const captureBodySchema = z.strictObject({ credits: z.number().int().positive().max(MAX_SPEND) });

export const ledgerQuerySchema = historyQuerySchema;

export const devTokenBodySchema = z.strictObject({
  userId: plainText(128),
  /** `admin`: an operator's token (development only, like the rest of dev sign-in). */
  role: z.literal('admin').optional(),
});

export const isoDate = z.string().datetime({ offset: true });
/** A time a request asks about: ISO 8601, from 1970 on (nothing here is older, and older years trip date arithmetic). */
export const queryDate = isoDate.refine((v) => Date.parse(v) >= 0, 'must be in 1970 or later');

export const paymentSchema = z
  .object({
    id: z.string(),
    userId: z.string(),
    packageId: packageIdSchema,
    /** The pack's names as bought (a later catalog may rename or drop the pack). */
    packNames: packNamesSchema,
    credits: z.number().int().positive(),
    amountCents: z.number().int().positive(),
    currency: z.string(),
    status: paymentStatusSchema,
    checkoutUrl: z.string().url().nullable(),
    whopCheckoutId: z.string().nullable(),
    whopPaymentId: z.string().nullable(),
    createdAt: isoDate,
    updatedAt: isoDate,
    completedAt: isoDate.nullable(),
    /** When a pending order expires (null once it is not pending). */
    expiresAt: isoDate.nullable(),
    /** Payments taken after the one credited (the buyer paid twice): they add no credits and are refunded. */
    secondPayments: z.array(z.object({ whopPaymentId: z.string(), refunded: z.boolean() })),
    /** What Whop charged for this order in all, in cents: every payment it took (tax added on top included), credited or not. */
    chargedCents: z.number().int().nonnegative(),
    /** The tax Whop added on top in that, in cents (0: none, or included in the price). */
    taxCents: z.number().int().nonnegative(),
    /** What of that went back to the buyer, in cents: refunds and lost chargebacks. */
    refundedCents: z.number().int().nonnegative(),
    /** Credits taken back for money that went back. */
    creditsTakenBack: z.number().int().nonnegative(),
    /** Credits on hold: a dispute open, or a refund whose amount is not confirmed yet. */
    creditsHeld: z.number().int().nonnegative(),
  })
  .meta({ id: 'Payment' });
export type PaymentDto = z.infer<typeof paymentSchema>;

export const packagesResponseSchema = z.object({ packages: z.array(creditPackageSchema) });
export const paymentResponseSchema = z.object({ payment: paymentSchema });
export const historyResponseSchema = z.object({
  payments: z.array(paymentSchema),
  nextCursor: z.string().nullable(),
});
/** A user's credits: the balance (negative after a refund of spent credits), what holds set aside, and what can be spent or held. */
export const balanceResponseSchema = z
  .object({ balance: z.number().int(), held: z.number().int().nonnegative(), available: z.number().int().nonnegative() })
  .meta({ id: 'Credits' });
/** GET /api/dev: development features are offered (the route is absent in production). */
export const devStatusResponseSchema = z.object({ devSignIn: z.literal(true) });
/** PUT /api/dev/clock (development only): the product's time reads `at` from now on and runs on from there; null: the real time again. */
export const devClockBodySchema = z.strictObject({ at: queryDate.nullable() });
export const devClockResponseSchema = z.object({ now: isoDate });
export const devTokenResponseSchema = z.object({
  token: z.string(),
  tokenType: z.literal('Bearer'),
  expiresIn: z.number().int().positive(),
  userId: z.string(),
  role: z.literal('admin').nullable(),
});
export const ledgerEntrySchema = z.object({
  id: z.string(),
  kind: z.enum(['grant', 'refund', 'dispute', 'spend', 'adjustment']),
  credits: z.number().int(),
  paymentId: z.string().nullable(),
  memo: z.string().nullable(),
  createdAt: isoDate,
});
export type LedgerEntryDto = z.infer<typeof ledgerEntrySchema>;
export const ledgerResponseSchema = z.object({ entries: z.array(ledgerEntrySchema), nextCursor: z.string().nullable() });
export const spendResponseSchema = z.object({ spent: z.number().int().positive(), balance: z.number().int(), entryId: z.string() });
export const holdSchema = z.object({
  id: z.string(),
  userId: z.string(),
  credits: z.number().int().positive(),
  reason: z.string(),
  status: z.enum(['active', 'captured', 'released', 'expired']),
  /** What the capture spent (0 unless captured); the rest of the hold was freed. */
  capturedCredits: z.number().int().nonnegative(),
  createdAt: isoDate,
  expiresAt: isoDate,
  settledAt: isoDate.nullable(),
});
/** A hold as it is now, with the user's credits after the request. */
export const holdResponseSchema = z.object({ hold: holdSchema }).extend(balanceResponseSchema.shape);

export const testCompleteResponseSchema = z.object({
  payment: paymentSchema,
  applied: z.boolean(),
  balance: z.number().int(),
});

/** RFC 9457 problem details, with a stable machine-readable `code` (problems.ts lists them). */
export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  code: z.enum(PROBLEM_CODES),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type Problem = z.infer<typeof problemSchema>;
