-- Renewal charges now live in gateway_attempts with every other gateway call. Carry over any
-- attempt a crash left started, so the billing run still finishes it, before the old table goes.
INSERT INTO "gateway_attempts" ("id", "merchant_id", "customer_id", "kind", "purpose", "idempotency_key", "gateway_key", "amount", "currency", "payment_method_id", "subscription_id", "target", "status", "source", "actor", "created_at")
SELECT ca."id", ca."merchant_id", s."customer_id", 'authorize', 'renewal', ca."idempotency_key", ca."idempotency_key", ca."amount", s."currency", ca."payment_method_id", ca."subscription_id", jsonb_build_object('invoice_ids', jsonb_build_array(ca."invoice_id")), 'started', 'system', 'billing', ca."created_at"
FROM "charge_attempts" ca JOIN "subscriptions" s ON s."id" = ca."subscription_id"
WHERE ca."status" = 'started';--> statement-breakpoint
DROP TABLE "charge_attempts" CASCADE;
