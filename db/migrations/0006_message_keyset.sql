DROP INDEX "messages_webhook_created_idx";--> statement-breakpoint
CREATE INDEX "messages_created_idx" ON "messages" USING btree ("created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "messages_event_idx" ON "messages" USING btree ("event_id");--> statement-breakpoint
CREATE INDEX "messages_webhook_created_idx" ON "messages" USING btree ("webhook_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);