CREATE SCHEMA "exchange_message_log";
--> statement-breakpoint
CREATE TABLE "exchange_message_log"."archives" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"batch_id" bigint NOT NULL,
	"path" text NOT NULL,
	"sha256" "bytea" NOT NULL,
	"archived_at" timestamp with time zone NOT NULL,
	CONSTRAINT "archives_batch_id_unique" UNIQUE("batch_id")
);
--> statement-breakpoint
CREATE TABLE "exchange_message_log"."messages" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"gateway" text NOT NULL,
	"message_id" text NOT NULL,
	"direction" text NOT NULL,
	"client" text NOT NULL,
	"service" text NOT NULL,
	"method" text NOT NULL,
	"path" text NOT NULL,
	"digest" jsonb NOT NULL,
	"signature" text NOT NULL,
	"body" "bytea",
	"logged_at" timestamp with time zone NOT NULL,
	"batch_id" bigint,
	"batch_index" integer,
	"inclusion_proof" "bytea"
);
--> statement-breakpoint
CREATE TABLE "exchange_message_log"."timestamp_batches" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"merkle_root" "bytea" NOT NULL,
	"size" integer NOT NULL,
	"token" "bytea" NOT NULL,
	"gen_time" timestamp with time zone NOT NULL,
	"stamped_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "exchange_message_log"."archives" ADD CONSTRAINT "archives_batch_id_timestamp_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "exchange_message_log"."timestamp_batches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_message_log"."messages" ADD CONSTRAINT "messages_batch_id_timestamp_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "exchange_message_log"."timestamp_batches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "messages_message_id_direction_key" ON "exchange_message_log"."messages" USING btree ("gateway","message_id","direction");--> statement-breakpoint
CREATE INDEX "messages_pending_idx" ON "exchange_message_log"."messages" USING btree ("gateway","id") WHERE "exchange_message_log"."messages"."batch_id" is null;--> statement-breakpoint
CREATE INDEX "messages_batch_idx" ON "exchange_message_log"."messages" USING btree ("batch_id");