ALTER TABLE "credentials"."issued_credentials" ADD COLUMN "hold_reason" text;--> statement-breakpoint
ALTER TABLE "credentials"."issued_credentials" ADD COLUMN "revocation_reason" text;--> statement-breakpoint
CREATE INDEX "issued_credentials_type_idx" ON "credentials"."issued_credentials" USING btree ("type_id","issued_at");