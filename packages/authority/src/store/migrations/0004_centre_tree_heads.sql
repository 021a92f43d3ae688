CREATE TABLE "authority"."centre_log_alerts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"location" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"code" text NOT NULL,
	"detail" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "authority"."centre_tree_heads" (
	"location" text NOT NULL,
	"size" bigint NOT NULL,
	"root_hash" text NOT NULL,
	"timestamp" timestamp with time zone NOT NULL,
	"signature" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	CONSTRAINT "centre_tree_heads_location_size_pk" PRIMARY KEY("location","size")
);
--> statement-breakpoint
ALTER TABLE "authority"."partner_centres" ADD COLUMN "log_key" jsonb;--> statement-breakpoint
CREATE INDEX "centre_log_alerts_location_idx" ON "authority"."centre_log_alerts" USING btree ("location","at");