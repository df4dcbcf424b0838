-- The purchase funnel as buyers' browsers reported it: a buyer once per step, pack and UTC day, nothing else about them.
CREATE TABLE "funnel_steps" (
	"day" text NOT NULL,
	"user_id" text NOT NULL,
	"step" text NOT NULL,
	"package_id" text NOT NULL,
	"at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "funnel_steps_day_step_package_id_user_id_pk" PRIMARY KEY("day","step","package_id","user_id"),
	CONSTRAINT "funnel_steps_step_valid" CHECK ("funnel_steps"."step" in ('opened','pack_chosen','checkout_started'))
);
--> statement-breakpoint
CREATE INDEX "funnel_steps_at_idx" ON "funnel_steps" USING btree ("at");