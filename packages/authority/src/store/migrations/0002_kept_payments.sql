CREATE TABLE "authority"."payments" (
	"payment_id" text PRIMARY KEY NOT NULL,
	"application_id" uuid,
	"amount_minor" integer NOT NULL,
	"currency" text NOT NULL,
	"status" text NOT NULL,
	"refund_reason" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "payments_application_idx" ON "authority"."payments" USING btree ("application_id");--> statement-breakpoint
CREATE INDEX "payments_status_idx" ON "authority"."payments" USING btree ("status");--> statement-breakpoint
-- Every application's current payment is a payment on record (earlier ones were not kept).
INSERT INTO "authority"."payments" ("payment_id", "application_id", "amount_minor", "currency", "status", "created_at", "updated_at")
SELECT "payment_id", "id", "fee_minor", "currency", "payment_status", "updated_at", "updated_at" FROM "authority"."applications" WHERE "payment_id" IS NOT NULL
ON CONFLICT DO NOTHING;
