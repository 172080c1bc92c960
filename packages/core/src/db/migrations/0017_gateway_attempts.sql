CREATE TABLE "gateway_attempts" (
	"id" text PRIMARY KEY NOT NULL,
	"merchant_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"kind" text NOT NULL,
	"purpose" text NOT NULL,
	"idempotency_key" text NOT NULL,
	"gateway_key" text NOT NULL,
	"amount" bigint NOT NULL,
	"currency" text NOT NULL,
	"payment_method_id" text,
	"payment_id" text,
	"try" integer DEFAULT 1 NOT NULL,
	"subscription_id" text,
	"target" jsonb NOT NULL,
	"status" text NOT NULL,
	"outcome" jsonb,
	"result" jsonb,
	"source" text NOT NULL,
	"actor" text,
	"created_at" timestamp with time zone NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "gateway_attempts" ADD CONSTRAINT "gateway_attempts_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gateway_attempts" ADD CONSTRAINT "gateway_attempts_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "gateway_attempts_key" ON "gateway_attempts" USING btree ("merchant_id","customer_id","idempotency_key");--> statement-breakpoint
CREATE UNIQUE INDEX "gateway_attempts_gateway_key" ON "gateway_attempts" USING btree ("gateway_key");--> statement-breakpoint
CREATE INDEX "gateway_attempts_started_idx" ON "gateway_attempts" USING btree ("status","recorded_at");--> statement-breakpoint
CREATE INDEX "gateway_attempts_subscription_idx" ON "gateway_attempts" USING btree ("subscription_id","status");