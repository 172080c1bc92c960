CREATE TABLE "redeemed_links" (
	"jti" text PRIMARY KEY NOT NULL,
	"merchant_id" text NOT NULL,
	"redeemed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "payment_methods" ADD COLUMN "expiring_reminded_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "payment_methods" ADD COLUMN "expired_reminded_at" timestamp with time zone;