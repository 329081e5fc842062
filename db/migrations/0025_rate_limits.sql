CREATE TABLE "webhook_rate_turns" (
	"webhook_id" text PRIMARY KEY NOT NULL,
	"second" bigint NOT NULL,
	"taken" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "webhooks" ADD COLUMN "rate_limit_per_second" integer;--> statement-breakpoint
ALTER TABLE "webhook_rate_turns" ADD CONSTRAINT "webhook_rate_turns_webhook_id_webhooks_id_fk" FOREIGN KEY ("webhook_id") REFERENCES "public"."webhooks"("id") ON DELETE cascade ON UPDATE no action;