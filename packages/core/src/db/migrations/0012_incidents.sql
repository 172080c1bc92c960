CREATE TABLE "incident_charges" (
	"id" text PRIMARY KEY NOT NULL,
	"merchant_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"ticket_id" text NOT NULL,
	"grant_id" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "incident_grants" (
	"id" text PRIMARY KEY NOT NULL,
	"merchant_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"granted" integer NOT NULL,
	"used" integer DEFAULT 0 NOT NULL,
	"valid_from" timestamp with time zone,
	"valid_until" timestamp with time zone,
	"source" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "incident_grants_used_check" CHECK ("incident_grants"."used" >= 0 and "incident_grants"."used" <= "incident_grants"."granted")
);
--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "incident_credit_limit" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "incident_charges" ADD CONSTRAINT "incident_charges_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_charges" ADD CONSTRAINT "incident_charges_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_grants" ADD CONSTRAINT "incident_grants_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_grants" ADD CONSTRAINT "incident_grants_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "incident_charges_customer_idx" ON "incident_charges" USING btree ("merchant_id","customer_id");--> statement-breakpoint
CREATE INDEX "incident_grants_customer_idx" ON "incident_grants" USING btree ("merchant_id","customer_id");