-- Failure counts are short-lived and the old ones have no address: the count starts afresh.
DELETE FROM "sign_in_throttle";--> statement-breakpoint
ALTER TABLE "sign_in_throttle" DROP CONSTRAINT "sign_in_throttle_pkey";--> statement-breakpoint
ALTER TABLE "sign_in_throttle" ADD COLUMN "client" text NOT NULL;--> statement-breakpoint
ALTER TABLE "sign_in_throttle" ADD COLUMN "counting_since" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "sign_in_throttle" ADD CONSTRAINT "sign_in_throttle_account_client_pk" PRIMARY KEY("account","client");
