ALTER TABLE "price_points" ALTER COLUMN "product_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "price_points" ADD COLUMN "order_id" text;--> statement-breakpoint
CREATE UNIQUE INDEX "price_points_order_key" ON "price_points" USING btree ("order_id");--> statement-breakpoint
ALTER TABLE "price_points" ADD CONSTRAINT "price_points_owner_check" CHECK (("price_points"."product_id" is null) <> ("price_points"."order_id" is null));