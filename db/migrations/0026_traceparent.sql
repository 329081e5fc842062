ALTER TABLE "webhooks" ADD COLUMN "forward_traceparent" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "traceparent" text;