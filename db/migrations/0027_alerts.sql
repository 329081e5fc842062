ALTER TYPE "public"."event_source" ADD VALUE 'hookyard';--> statement-breakpoint
CREATE TABLE "alert_reads" (
	"user_id" uuid NOT NULL,
	"alert_id" text NOT NULL,
	"read_at" timestamp with time zone NOT NULL,
	CONSTRAINT "alert_reads_user_id_alert_id_pk" PRIMARY KEY("user_id","alert_id")
);
--> statement-breakpoint
CREATE TABLE "alerts" (
	"id" text PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"webhook_id" text,
	"dedupe_key" text NOT NULL,
	"data" jsonb NOT NULL,
	"count" integer DEFAULT 1 NOT NULL,
	"event_pending" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "alerts_dedupeKey_unique" UNIQUE("dedupe_key")
);
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "alerts_read_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "failure_alerted_round" integer;--> statement-breakpoint
-- Failures from before alerts existed are not news: only later ones are reported.
UPDATE "messages" SET "failure_alerted_round" = "round" WHERE "status" = 'failed';--> statement-breakpoint
ALTER TABLE "alert_reads" ADD CONSTRAINT "alert_reads_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_reads" ADD CONSTRAINT "alert_reads_alert_id_alerts_id_fk" FOREIGN KEY ("alert_id") REFERENCES "public"."alerts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_webhook_id_webhooks_id_fk" FOREIGN KEY ("webhook_id") REFERENCES "public"."webhooks"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "alerts_updated_idx" ON "alerts" USING btree ("updated_at","id");--> statement-breakpoint
CREATE INDEX "alerts_event_pending_idx" ON "alerts" USING btree ("created_at") WHERE "alerts"."event_pending" is not null;--> statement-breakpoint
CREATE INDEX "messages_failure_unalerted_idx" ON "messages" USING btree ("finished_at") WHERE "messages"."status" = 'failed' and "messages"."failure_alerted_round" is distinct from "messages"."round";