CREATE SCHEMA "credentials";
--> statement-breakpoint
CREATE TABLE "credentials"."access_tokens" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"jkt" text NOT NULL,
	"holder" text NOT NULL,
	"document_ref" text,
	"configuration_ids" jsonb NOT NULL,
	"offer_id" uuid,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "credentials"."credential_types" (
	"id" text NOT NULL,
	"version" integer NOT NULL,
	"definition" jsonb NOT NULL,
	"status" text NOT NULL,
	"published_at" timestamp with time zone NOT NULL,
	"published_by" text NOT NULL,
	"retired_at" timestamp with time zone,
	CONSTRAINT "credential_types_id_version_pk" PRIMARY KEY("id","version")
);
--> statement-breakpoint
CREATE TABLE "credentials"."issued_credentials" (
	"id" uuid PRIMARY KEY NOT NULL,
	"type_id" text NOT NULL,
	"type_version" integer NOT NULL,
	"format" text NOT NULL,
	"holder" text NOT NULL,
	"document_ref" text,
	"status_list" integer NOT NULL,
	"status_index" integer NOT NULL,
	"notification_id" text,
	"notification" text,
	"issued_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "credentials"."nonces" (
	"nonce" text PRIMARY KEY NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "credentials"."offers" (
	"id" uuid PRIMARY KEY NOT NULL,
	"code_hash" text NOT NULL,
	"tx_code_hash" text,
	"tx_attempts" integer DEFAULT 0 NOT NULL,
	"holder" text NOT NULL,
	"document_ref" text,
	"configuration_ids" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"redeemed_at" timestamp with time zone,
	CONSTRAINT "offers_code_hash_unique" UNIQUE("code_hash")
);
--> statement-breakpoint
CREATE TABLE "credentials"."status_lists" (
	"id" integer PRIMARY KEY NOT NULL,
	"bits" integer NOT NULL,
	"size" integer NOT NULL,
	"next_index" integer NOT NULL,
	"statuses" "bytea" NOT NULL,
	"revision" bigint NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "credential_types_status_idx" ON "credentials"."credential_types" USING btree ("status");--> statement-breakpoint
CREATE INDEX "issued_credentials_document_idx" ON "credentials"."issued_credentials" USING btree ("document_ref");--> statement-breakpoint
CREATE INDEX "issued_credentials_notification_idx" ON "credentials"."issued_credentials" USING btree ("notification_id");