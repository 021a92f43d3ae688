CREATE TABLE "authority"."centre_log_key_resets" (
	"id" uuid PRIMARY KEY NOT NULL,
	"location" text NOT NULL,
	"new_key" jsonb NOT NULL,
	"reason" text NOT NULL,
	"state" text NOT NULL,
	"proposed_by" text NOT NULL,
	"proposed_at" timestamp with time zone NOT NULL,
	"approved_by" text,
	"approved_at" timestamp with time zone,
	"break_after_size" bigint
);
--> statement-breakpoint
-- The column before the key that names it (drizzle-kit wrote them the other way round).
ALTER TABLE "authority"."centre_tree_heads" ADD COLUMN "epoch" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "authority"."centre_tree_heads" DROP CONSTRAINT "centre_tree_heads_location_size_pk";--> statement-breakpoint
ALTER TABLE "authority"."centre_tree_heads" ADD CONSTRAINT "centre_tree_heads_location_epoch_size_pk" PRIMARY KEY("location","epoch","size");--> statement-breakpoint
ALTER TABLE "authority"."partner_centres" ADD COLUMN "log_epoch" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "authority"."centre_log_key_resets" ADD CONSTRAINT "centre_log_key_resets_location_partner_centres_location_fk" FOREIGN KEY ("location") REFERENCES "authority"."partner_centres"("location") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "centre_log_key_resets_proposed_key" ON "authority"."centre_log_key_resets" USING btree ("location") WHERE "authority"."centre_log_key_resets"."state" = 'proposed';--> statement-breakpoint
CREATE INDEX "centre_log_key_resets_location_idx" ON "authority"."centre_log_key_resets" USING btree ("location","proposed_at");