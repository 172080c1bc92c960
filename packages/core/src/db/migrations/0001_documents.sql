CREATE TABLE "document_sequences" (
	"merchant_id" text NOT NULL,
	"kind" text NOT NULL,
	"next_value" integer NOT NULL,
	CONSTRAINT "document_sequences_merchant_id_kind_pk" PRIMARY KEY("merchant_id","kind")
);
--> statement-breakpoint
CREATE TABLE "documents" (
	"id" text PRIMARY KEY NOT NULL,
	"merchant_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"order_id" text,
	"kind" text NOT NULL,
	"number" text NOT NULL,
	"status" text NOT NULL,
	"transaction_id" text,
	"invoice_id" text,
	"currency" text NOT NULL,
	"subtotal_amount" bigint NOT NULL,
	"tax_amount" bigint NOT NULL,
	"total_amount" bigint NOT NULL,
	"lines" jsonb NOT NULL,
	"instalment" integer,
	"issued_at" timestamp with time zone NOT NULL,
	"due_at" timestamp with time zone,
	"paid_at" timestamp with time zone,
	CONSTRAINT "documents_kind_check" CHECK ("documents"."kind" in ('invoice', 'receipt', 'credit_note')),
	CONSTRAINT "documents_status_check" CHECK ("documents"."status" in ('open', 'paid', 'void', 'issued')),
	CONSTRAINT "documents_total_check" CHECK ("documents"."total_amount" = "documents"."subtotal_amount" + "documents"."tax_amount" and "documents"."total_amount" >= 0)
);
--> statement-breakpoint
CREATE TABLE "skipped_payments" (
	"id" text PRIMARY KEY NOT NULL,
	"merchant_id" text NOT NULL,
	"order_id" text NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"amount" bigint NOT NULL,
	"currency" text NOT NULL,
	"reason" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "order_items" ADD COLUMN "kind" text DEFAULT 'item' NOT NULL;--> statement-breakpoint
ALTER TABLE "order_items" ADD COLUMN "tax_rate_bps" integer;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "next_billing_amount" bigint;--> statement-breakpoint
ALTER TABLE "transactions" ADD COLUMN "invoice_id" text;--> statement-breakpoint
ALTER TABLE "document_sequences" ADD CONSTRAINT "document_sequences_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "skipped_payments" ADD CONSTRAINT "skipped_payments_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "skipped_payments" ADD CONSTRAINT "skipped_payments_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "documents_merchant_kind_number_key" ON "documents" USING btree ("merchant_id","kind","number");--> statement-breakpoint
CREATE INDEX "documents_order_idx" ON "documents" USING btree ("merchant_id","order_id","issued_at");--> statement-breakpoint
CREATE INDEX "documents_customer_idx" ON "documents" USING btree ("merchant_id","customer_id","issued_at");--> statement-breakpoint
CREATE INDEX "documents_transaction_idx" ON "documents" USING btree ("merchant_id","transaction_id");--> statement-breakpoint
CREATE INDEX "skipped_payments_order_idx" ON "skipped_payments" USING btree ("merchant_id","order_id");--> statement-breakpoint
ALTER TABLE "order_items" ADD CONSTRAINT "order_items_kind_check" CHECK ("order_items"."kind" in ('item', 'tax'));