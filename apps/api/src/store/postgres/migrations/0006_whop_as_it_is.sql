CREATE TABLE "money_movements" (
	"kind" text NOT NULL,
	"whop_id" text NOT NULL,
	"order_id" text NOT NULL,
	"package_id" text NOT NULL,
	"cents" integer NOT NULL,
	"at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "money_movements_kind_whop_id_pk" PRIMARY KEY("kind","whop_id"),
	CONSTRAINT "money_movements_kind_valid" CHECK ("money_movements"."kind" in ('charge','refund','chargeback','decline'))
);
--> statement-breakpoint
CREATE TABLE "unreadable_whop_objects" (
	"kind" text NOT NULL,
	"whop_id" text NOT NULL,
	"reason" text NOT NULL,
	"first_seen_at" timestamp (3) with time zone NOT NULL,
	"last_seen_at" timestamp (3) with time zone NOT NULL,
	"seen" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "unreadable_whop_objects_kind_whop_id_pk" PRIMARY KEY("kind","whop_id")
);
--> statement-breakpoint
ALTER TABLE "payments" DROP CONSTRAINT "payments_refunds_valid";--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "charged_cents" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "whop_asked_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "money_movements" ADD CONSTRAINT "money_movements_order_id_payments_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."payments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "money_movements_order_idx" ON "money_movements" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "money_movements_at_idx" ON "money_movements" USING btree ("at");--> statement-breakpoint
CREATE INDEX "unreadable_whop_objects_seen_idx" ON "unreadable_whop_objects" USING btree ("last_seen_at");--> statement-breakpoint
CREATE INDEX "payments_awaiting_whop_idx" ON "payments" USING btree ("whop_asked_at" NULLS FIRST,"id") WHERE "payments"."status" = 'disputed' or "payments"."status_reason" = 'refund_currency_unknown';--> statement-breakpoint
CREATE INDEX "payments_unrefunded_second_idx" ON "payments" USING btree ("whop_asked_at" NULLS FIRST,"id") WHERE "payments"."second_payments" @> '[{"refunded": false}]'::jsonb;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_refunds_valid" CHECK ("payments"."charged_cents" >= 0 and "payments"."refunded_cents" >= 0 and "payments"."clawed_credits" between 0 and "payments"."credits" and "payments"."held_credits" >= 0);--> statement-breakpoint
-- Orders from before this migration: what Whop charged is what their history says of each paid payment (the pack's price where it says
-- nothing); every movement of money is recorded exactly the next time the order changes. Until then each paid payment counts as a charge.
UPDATE "payments" SET "charged_cents" = (
  SELECT coalesce(sum(coalesce((p->>'chargedCents')::int, "payments"."amount_cents")), 0)
  FROM jsonb_array_elements("payments"."history"->'payments') AS p WHERE (p->>'paid')::boolean
);--> statement-breakpoint
INSERT INTO "money_movements" ("kind", "whop_id", "order_id", "package_id", "cents", "at")
  SELECT 'charge', p->>'id', "payments"."id", "payments"."package_id", coalesce((p->>'chargedCents')::int, "payments"."amount_cents"), coalesce("payments"."completed_at", "payments"."updated_at")
  FROM "payments", jsonb_array_elements("payments"."history"->'payments') AS p
  WHERE (p->>'paid')::boolean
  ON CONFLICT DO NOTHING;
