CREATE TABLE "webhook_stat_buckets" (
	"webhook_id" text NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"successes" integer DEFAULT 0 NOT NULL,
	"failures" integer DEFAULT 0 NOT NULL,
	"latency" integer[] NOT NULL,
	CONSTRAINT "webhook_stat_buckets_webhook_id_hour_pk" PRIMARY KEY("webhook_id","hour")
);
--> statement-breakpoint
CREATE TABLE "webhook_stats" (
	"webhook_id" text PRIMARY KEY NOT NULL,
	"events" bigint DEFAULT 0 NOT NULL,
	"triggers" bigint DEFAULT 0 NOT NULL,
	"successes" bigint DEFAULT 0 NOT NULL,
	"failures" bigint DEFAULT 0 NOT NULL,
	"failures_since_success" integer DEFAULT 0 NOT NULL,
	"last_event_at" timestamp with time zone,
	"last_success_at" timestamp with time zone,
	"last_success_message_id" text,
	"last_success_attempt" integer,
	"last_failure_at" timestamp with time zone,
	"last_failure_message_id" text,
	"last_failure_attempt" integer
);
--> statement-breakpoint
ALTER TABLE "webhook_stat_buckets" ADD CONSTRAINT "webhook_stat_buckets_webhook_id_webhooks_id_fk" FOREIGN KEY ("webhook_id") REFERENCES "public"."webhooks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_stats" ADD CONSTRAINT "webhook_stats_webhook_id_webhooks_id_fk" FOREIGN KEY ("webhook_id") REFERENCES "public"."webhooks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "webhook_stat_buckets_hour_idx" ON "webhook_stat_buckets" USING btree ("hour");--> statement-breakpoint
-- Existing deliveries count from the start.
INSERT INTO "webhook_stats" ("webhook_id", "events", "triggers", "successes", "failures", "last_event_at")
SELECT w.id,
  (SELECT count(*) FROM messages m WHERE m.webhook_id = w.id),
  (SELECT count(*) FROM attempts a WHERE a.webhook_id = w.id),
  (SELECT count(*) FROM attempts a WHERE a.webhook_id = w.id AND a.success),
  (SELECT count(*) FROM attempts a WHERE a.webhook_id = w.id AND NOT a.success),
  (SELECT max(created_at) FROM messages m WHERE m.webhook_id = w.id)
FROM webhooks w;--> statement-breakpoint
INSERT INTO "webhook_stat_buckets" ("webhook_id", "hour", "successes", "failures", "latency")
SELECT a.webhook_id, date_trunc('hour', a.started_at),
  count(*) FILTER (WHERE a.success), count(*) FILTER (WHERE NOT a.success),
  array_fill(0, ARRAY[20])
FROM attempts a GROUP BY 1, 2;
