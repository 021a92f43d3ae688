ALTER TABLE "benefits"."applications" ADD COLUMN "certificate_request" text;--> statement-breakpoint
ALTER TABLE "benefits"."applications" ADD COLUMN "certificate_link" text;--> statement-breakpoint
ALTER TABLE "benefits"."applications" ADD COLUMN "certificate" jsonb;--> statement-breakpoint
CREATE UNIQUE INDEX "applications_certificate_request_key" ON "benefits"."applications" USING btree ("certificate_request");