ALTER TABLE "request_minutes" ADD COLUMN "webhook_failures" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "ledger_checks_at_idx" ON "ledger_checks" USING btree ("at");--> statement-breakpoint
CREATE INDEX "ledger_entries_kind_created_idx" ON "ledger_entries" USING btree ("kind","created_at");