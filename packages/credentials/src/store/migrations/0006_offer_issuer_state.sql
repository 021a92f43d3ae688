ALTER TABLE "credentials"."offers" ALTER COLUMN "code_hash" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "credentials"."authorizations" ADD COLUMN "offer_id" uuid;--> statement-breakpoint
ALTER TABLE "credentials"."offers" ADD COLUMN "issuer_state_hash" text;--> statement-breakpoint
ALTER TABLE "credentials"."offers" ADD CONSTRAINT "offers_issuer_state_hash_unique" UNIQUE("issuer_state_hash");