CREATE TABLE "inbox_requests" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"inbox" text NOT NULL,
	"method" text NOT NULL,
	"url" text NOT NULL,
	"headers" jsonb NOT NULL,
	"body" text NOT NULL,
	"size" integer NOT NULL,
	"truncated" boolean DEFAULT false NOT NULL,
	"signature" jsonb NOT NULL,
	"answered_status" integer NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "inbox_requests_inbox_received_idx" ON "inbox_requests" USING btree ("inbox","received_at" DESC NULLS LAST);