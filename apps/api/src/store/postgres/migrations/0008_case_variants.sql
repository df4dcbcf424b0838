-- The console suggests user ids that differ from a searched one only in case: found through lower(user_id).
CREATE INDEX "credit_accounts_user_lower_idx" ON "credit_accounts" USING btree (lower("user_id"));--> statement-breakpoint
CREATE INDEX "payments_user_lower_idx" ON "payments" USING btree (lower("user_id"));
