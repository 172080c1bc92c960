CREATE TABLE "balance_entries" (
	"id" text PRIMARY KEY NOT NULL,
	"merchant_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"kind" text NOT NULL,
	"amount" bigint NOT NULL,
	"currency" text NOT NULL,
	"reference" text,
	"note" text,
	"actor" text,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "balance_entries_amount_check" CHECK ("balance_entries"."amount" <> 0),
	CONSTRAINT "balance_entries_kind_check" CHECK ("balance_entries"."kind" in ('staff_credit', 'top_up', 'invoice_payment', 'refund_to_balance'))
);
--> statement-breakpoint
ALTER TABLE "transactions" ADD COLUMN "funding" text DEFAULT 'external' NOT NULL;--> statement-breakpoint
ALTER TABLE "balance_entries" ADD CONSTRAINT "balance_entries_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "balance_entries" ADD CONSTRAINT "balance_entries_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "balance_entries_customer_idx" ON "balance_entries" USING btree ("merchant_id","customer_id","currency");