CREATE TABLE "coupons" (
	"id" text PRIMARY KEY NOT NULL,
	"merchant_id" text NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"percent_off_bps" integer,
	"amount_off" bigint,
	"currency" text,
	"duration" text NOT NULL,
	"duration_cycles" integer,
	"customer_applicable" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "coupons_shape_check" CHECK (("coupons"."kind" = 'percent' and "coupons"."percent_off_bps" between 1 and 10000) or ("coupons"."kind" = 'amount' and "coupons"."amount_off" > 0 and "coupons"."currency" ~ '^[A-Z]{3}$')),
	CONSTRAINT "coupons_duration_check" CHECK ("coupons"."duration" <> 'repeating' or "coupons"."duration_cycles" >= 1)
);
--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "incident_funds_remainder" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "price_points" ADD COLUMN "addon" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "price_points" ADD COLUMN "switch_to" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "price_points" ADD COLUMN "min_quantity" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "price_points" ADD COLUMN "max_quantity" integer;--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "incidents" integer;--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "period_start" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "period_end" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "incident_grants" ADD COLUMN "payment_id" text;--> statement-breakpoint
ALTER TABLE "incident_grants" ADD COLUMN "order_id" text;--> statement-breakpoint
ALTER TABLE "incident_grants" ADD COLUMN "funds_remainder_delta" bigint;--> statement-breakpoint
ALTER TABLE "incident_grants" ADD COLUMN "reversed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "coupons" ADD CONSTRAINT "coupons_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "coupons_merchant_code_key" ON "coupons" USING btree ("merchant_id","code");--> statement-breakpoint
CREATE INDEX "incident_grants_payment_idx" ON "incident_grants" USING btree ("merchant_id","payment_id");--> statement-breakpoint
ALTER TABLE "price_points" ADD CONSTRAINT "price_points_quantity_check" CHECK ("price_points"."min_quantity" >= 1 and ("price_points"."max_quantity" is null or "price_points"."max_quantity" >= "price_points"."min_quantity"));--> statement-breakpoint
ALTER TABLE "products" ADD CONSTRAINT "products_incidents_check" CHECK ("products"."incidents" is null or "products"."incidents" > 0);