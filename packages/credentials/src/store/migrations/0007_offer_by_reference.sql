ALTER TABLE "credentials"."offers" ADD COLUMN "reference_hash" text;--> statement-breakpoint
ALTER TABLE "credentials"."offers" ADD COLUMN "sealed_offer" text;--> statement-breakpoint
ALTER TABLE "credentials"."offers" ADD CONSTRAINT "offers_reference_hash_unique" UNIQUE("reference_hash");