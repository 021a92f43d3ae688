CREATE TABLE "credentials"."dpop_proofs" (
	"jti_hash" text PRIMARY KEY NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "dpop_proofs_expires_idx" ON "credentials"."dpop_proofs" USING btree ("expires_at");