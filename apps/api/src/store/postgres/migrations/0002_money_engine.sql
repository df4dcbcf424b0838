ALTER TABLE "payments" ADD COLUMN "history" jsonb DEFAULT '{"payments":[],"failed":false,"checkoutFailed":false,"expired":false,"cancelled":false}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "version" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Orders made before the money policy get the history their columns and ledger keys imply, so the
-- policy derives the same status and figures from it: the credited (or reviewed) Whop payment, the
-- refunded amount as Whop's cumulative figure, each dispute by its ledger keys.
UPDATE "payments" AS p SET "history" = jsonb_build_object(
  'payments', CASE WHEN p."whop_payment_id" IS NULL OR p."status" NOT IN ('completed','partially_refunded','refunded','disputed','review') THEN '[]'::jsonb
    ELSE jsonb_build_array(jsonb_build_object(
      'id', p."whop_payment_id",
      'paid', true,
      'mismatch', CASE WHEN p."status" <> 'review' THEN NULL
        WHEN p."status_reason" IN ('whop_payment_already_granted','checkout_mismatch','metadata_mismatch','currency_mismatch','amount_mismatch') THEN p."status_reason"
        ELSE 'amount_mismatch' END,
      'reportedRefund', CASE WHEN p."refunded_cents" > 0 AND coalesce(p."status_reason", '') NOT LIKE 'dispute_lost:%'
        THEN jsonb_build_object('at', '', 'cents', p."refunded_cents") ELSE NULL END,
      'refunds', '[]'::jsonb,
      'disputes', coalesce((
        SELECT jsonb_agg(jsonb_build_object(
          'id', d.id,
          'status', CASE WHEN EXISTS (SELECT 1 FROM "ledger_entries" w WHERE w."key" = 'dispute-won:' || d.id) THEN 'won'
            WHEN p."status_reason" = 'dispute_lost:' || d.id THEN 'lost'
            ELSE 'needs_response' END,
          'cents', NULL) ORDER BY d.id)
        FROM (SELECT substr(l."key", 9) AS id FROM "ledger_entries" l WHERE l."payment_id" = p."id" AND l."key" LIKE 'dispute:%') d
      ), '[]'::jsonb)
    )) END,
  'failed', p."status" = 'failed' AND p."status_reason" IS DISTINCT FROM 'checkout_creation_failed',
  'checkoutFailed', p."status" = 'failed' AND p."status_reason" = 'checkout_creation_failed',
  'expired', p."status" = 'expired',
  'cancelled', p."status" = 'cancelled'
);
