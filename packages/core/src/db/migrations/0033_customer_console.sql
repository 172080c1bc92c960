ALTER TABLE "customers" ADD COLUMN "custom_fields" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "transactions" ADD COLUMN "comment" text;--> statement-breakpoint
ALTER TABLE "transactions" ADD COLUMN "comment_in_portal" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "transactions" ADD COLUMN "commented_at" timestamp with time zone;