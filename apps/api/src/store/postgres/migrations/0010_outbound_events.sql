-- What the host app is told when credits move: an outbox written with the change, delivered in order per user.
CREATE TABLE "outbound_events" (
	"id" text PRIMARY KEY NOT NULL,
	"seq" bigserial NOT NULL,
	"key" text NOT NULL,
	"type" text NOT NULL,
	"user_id" text NOT NULL,
	"payload" jsonb NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp (3) with time zone NOT NULL,
	"claimed_until" timestamp (3) with time zone,
	"delivered_at" timestamp (3) with time zone,
	"last_status" integer,
	"last_error" text,
	CONSTRAINT "outbound_events_seq_key" UNIQUE("seq"),
	CONSTRAINT "outbound_events_key_key" UNIQUE("key")
);
--> statement-breakpoint
CREATE INDEX "outbound_events_pending_idx" ON "outbound_events" USING btree ("user_id","seq") WHERE "outbound_events"."delivered_at" is null;--> statement-breakpoint
CREATE INDEX "outbound_events_created_idx" ON "outbound_events" USING btree ("created_at");