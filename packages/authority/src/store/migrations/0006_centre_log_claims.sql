CREATE TABLE "authority"."centre_log_claims" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"location" text NOT NULL,
	"leaf_hash" text NOT NULL,
	"action" text NOT NULL,
	"reference" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"state" text NOT NULL,
	"leaf_index" bigint,
	"head_size" bigint
);
--> statement-breakpoint
CREATE UNIQUE INDEX "centre_log_claims_leaf_key" ON "authority"."centre_log_claims" USING btree ("location","leaf_hash");--> statement-breakpoint
CREATE INDEX "centre_log_claims_pending_idx" ON "authority"."centre_log_claims" USING btree ("location","id") WHERE "authority"."centre_log_claims"."state" = 'pending';