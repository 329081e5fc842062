ALTER TABLE "webhook_stats" ADD COLUMN "events_counted_until" timestamp with time zone;--> statement-breakpoint
-- Every message stored so far was counted when it was created.
UPDATE "webhook_stats" SET "events_counted_until" = now();
