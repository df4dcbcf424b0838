-- The tax Whop added on top in what it charged for an order (figures.ts: taxCents).
ALTER TABLE "payments" ADD COLUMN "tax_cents" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Orders written before it was kept: counted from their history as figures.ts counts it (each paid
-- payment's total less its charge for the pack, in the order's currency or through usd_total).
UPDATE "payments" AS o SET "tax_cents" = t.tax
FROM (
  SELECT q.id, coalesce(sum(
    CASE
      WHEN coalesce(p->>'currency', q.currency) = q.currency THEN x.tax
      WHEN q.currency = 'usd' AND p->>'usdTotalCents' IS NOT NULL AND tt.total > 0 THEN round(x.tax * (p->>'usdTotalCents')::numeric / tt.total)
      ELSE 0
    END), 0)::integer AS tax
  FROM "payments" AS q
  CROSS JOIN LATERAL jsonb_array_elements(q.history->'payments') AS p
  CROSS JOIN LATERAL (SELECT coalesce((p->>'chargedCents')::integer, q.amount_cents) AS charge) AS c
  CROSS JOIN LATERAL (SELECT coalesce((p->>'totalCents')::integer, c.charge) AS total) AS tt
  CROSS JOIN LATERAL (SELECT greatest(0, tt.total - c.charge) AS tax) AS x
  WHERE (p->>'paid')::boolean
  GROUP BY q.id
) AS t
WHERE o.id = t.id AND t.tax > 0;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_tax_valid" CHECK ("payments"."tax_cents" between 0 and "payments"."charged_cents");
