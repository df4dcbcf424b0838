-- Holds: credits set aside for work under way (captured, released or expired once), and what each account holds.
CREATE TABLE "credit_holds" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"credits" integer NOT NULL,
	"reason" text NOT NULL,
	"status" text NOT NULL,
	"captured_credits" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"expires_at" timestamp (3) with time zone NOT NULL,
	"settled_at" timestamp (3) with time zone,
	CONSTRAINT "credit_holds_status_valid" CHECK ("credit_holds"."status" in ('active','captured','released','expired')),
	CONSTRAINT "credit_holds_credits_valid" CHECK ("credit_holds"."credits" > 0 and "credit_holds"."captured_credits" between 0 and "credit_holds"."credits")
);
--> statement-breakpoint
ALTER TABLE "credit_accounts" ADD COLUMN "held" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "credit_holds_active_expiry_idx" ON "credit_holds" USING btree ("expires_at") WHERE "credit_holds"."status" = 'active';--> statement-breakpoint
CREATE INDEX "credit_holds_user_idx" ON "credit_holds" USING btree ("user_id","created_at");--> statement-breakpoint
ALTER TABLE "credit_accounts" ADD CONSTRAINT "credit_accounts_held_valid" CHECK ("credit_accounts"."held" >= 0);