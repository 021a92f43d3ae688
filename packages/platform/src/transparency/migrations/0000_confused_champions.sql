CREATE SCHEMA "platform_log";
--> statement-breakpoint
CREATE TABLE "platform_log"."entries" (
	"index" bigint PRIMARY KEY NOT NULL,
	"leaf" text NOT NULL,
	"leaf_hash" "bytea" NOT NULL,
	"context" text NOT NULL,
	"type" text NOT NULL,
	"subject" text NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "platform_log"."head" (
	"id" integer PRIMARY KEY NOT NULL,
	"size" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "platform_log"."tree_heads" (
	"size" bigint PRIMARY KEY NOT NULL,
	"root_hash" "bytea" NOT NULL,
	"timestamp" timestamp with time zone NOT NULL,
	"signature" text NOT NULL
);
