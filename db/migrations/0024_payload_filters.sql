CREATE TABLE "webhook_filter_buckets" (
	"webhook_id" text NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"unmatched" integer DEFAULT 0 NOT NULL,
	"failed" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"last_error_at" timestamp with time zone,
	CONSTRAINT "webhook_filter_buckets_webhook_id_hour_pk" PRIMARY KEY("webhook_id","hour")
);
--> statement-breakpoint
ALTER TABLE "webhooks" ADD COLUMN "filter" text;--> statement-breakpoint
ALTER TABLE "webhook_filter_buckets" ADD CONSTRAINT "webhook_filter_buckets_webhook_id_webhooks_id_fk" FOREIGN KEY ("webhook_id") REFERENCES "public"."webhooks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "webhook_filter_buckets_hour_idx" ON "webhook_filter_buckets" USING btree ("hour");