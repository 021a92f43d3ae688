CREATE TABLE "credentials"."authorizations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"request_uri_hash" text NOT NULL,
	"client_id" text NOT NULL,
	"redirect_uri" text NOT NULL,
	"code_challenge" text NOT NULL,
	"configuration_ids" jsonb NOT NULL,
	"state" text,
	"issuer_state" text,
	"dpop_jkt" text,
	"challenge" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"holder" text,
	"document_ref" text,
	"method" text,
	"authorized_at" timestamp with time zone,
	"code_hash" text,
	"code_expires_at" timestamp with time zone,
	"code_redeemed_at" timestamp with time zone,
	CONSTRAINT "authorizations_request_uri_hash_unique" UNIQUE("request_uri_hash"),
	CONSTRAINT "authorizations_code_hash_unique" UNIQUE("code_hash")
);
--> statement-breakpoint
CREATE TABLE "credentials"."deferred_issuances" (
	"id" uuid PRIMARY KEY NOT NULL,
	"transaction_id_hash" text NOT NULL,
	"token_hash" text NOT NULL,
	"jkt" text NOT NULL,
	"holder" text NOT NULL,
	"document_ref" text,
	"type_id" text NOT NULL,
	"type_version" integer NOT NULL,
	"format" text NOT NULL,
	"keys" jsonb NOT NULL,
	"state" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"decided_at" timestamp with time zone,
	"decided_by" text,
	"issued_at" timestamp with time zone,
	CONSTRAINT "deferred_issuances_transaction_id_hash_unique" UNIQUE("transaction_id_hash")
);
--> statement-breakpoint
ALTER TABLE "credentials"."access_tokens" ADD COLUMN "authorization_id" uuid;--> statement-breakpoint
ALTER TABLE "credentials"."issued_credentials" ADD COLUMN "held_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "credentials"."issued_credentials" ADD COLUMN "revoked_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "deferred_issuances_state_idx" ON "credentials"."deferred_issuances" USING btree ("state","created_at");--> statement-breakpoint
CREATE INDEX "access_tokens_authorization_idx" ON "credentials"."access_tokens" USING btree ("authorization_id");--> statement-breakpoint
CREATE INDEX "issued_credentials_holder_idx" ON "credentials"."issued_credentials" USING btree ("holder","issued_at");