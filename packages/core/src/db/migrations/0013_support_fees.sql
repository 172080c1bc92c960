CREATE TABLE "support_fees" (
	"id" text PRIMARY KEY NOT NULL,
	"merchant_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"ticket_id" text NOT NULL,
	"amount" bigint NOT NULL,
	"currency" text NOT NULL,
	"actor" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "support_fees_amount_check" CHECK ("support_fees"."amount" > 0)
);
--> statement-breakpoint
ALTER TABLE "balance_entries" DROP CONSTRAINT "balance_entries_kind_check";--> statement-breakpoint
ALTER TABLE "support_fees" ADD CONSTRAINT "support_fees_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_fees" ADD CONSTRAINT "support_fees_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "support_fees_ticket_idx" ON "support_fees" USING btree ("merchant_id","ticket_id");--> statement-breakpoint
ALTER TABLE "balance_entries" ADD CONSTRAINT "balance_entries_kind_check" CHECK ("balance_entries"."kind" in ('staff_credit', 'top_up', 'invoice_payment', 'refund_to_balance', 'support_fee'));