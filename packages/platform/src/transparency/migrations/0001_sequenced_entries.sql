-- Entries are inserted pending (no index) by business transactions and numbered by the sequencer.
ALTER TABLE "platform_log"."entries" DROP CONSTRAINT "entries_pkey";--> statement-breakpoint
ALTER TABLE "platform_log"."entries" ALTER COLUMN "index" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "platform_log"."entries" ADD COLUMN "id" bigserial PRIMARY KEY NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "entries_index_key" ON "platform_log"."entries" USING btree ("index") WHERE "platform_log"."entries"."index" is not null;--> statement-breakpoint
CREATE INDEX "entries_pending" ON "platform_log"."entries" USING btree ("id") WHERE "platform_log"."entries"."index" is null;--> statement-breakpoint
INSERT INTO "platform_log"."head" ("id", "size") SELECT 1, count(*) FROM "platform_log"."entries" ON CONFLICT ("id") DO NOTHING;
