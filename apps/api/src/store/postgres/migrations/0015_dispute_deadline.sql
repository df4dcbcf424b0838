-- The soonest time Whop takes the seller's evidence for a dispute of the order waiting for it (history.ts: responseDue).
ALTER TABLE "payments" ADD COLUMN "respond_by" timestamp (3) with time zone;--> statement-breakpoint
-- Orders written before it was kept: read from their history as responseDue reads it.
UPDATE "payments" AS o SET "respond_by" = t.due
FROM (
  SELECT q.id, min((d->>'needsResponseBy')::timestamptz) AS due
  FROM "payments" AS q
  CROSS JOIN LATERAL jsonb_array_elements(q.history->'payments') AS p
  CROSS JOIN LATERAL jsonb_array_elements(coalesce(p->'disputes', '[]'::jsonb)) AS d
  WHERE d->>'status' IN ('needs_response', 'warning_needs_response') AND d->>'needsResponseBy' IS NOT NULL
  GROUP BY q.id
) AS t
WHERE o.id = t.id;
