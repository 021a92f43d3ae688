CREATE SCHEMA "verifier";
--> statement-breakpoint
CREATE TABLE "verifier"."presentation_requests" (
	"id" uuid PRIMARY KEY NOT NULL,
	"relying_party_id" text NOT NULL,
	"template" text,
	"dcql_query" jsonb NOT NULL,
	"nonce" text NOT NULL,
	"state" text NOT NULL,
	"response_mode" text NOT NULL,
	"encryption_key" jsonb,
	"status" text NOT NULL,
	"answers" jsonb,
	"refusal" text,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"answered_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "verifier"."relying_parties" (
	"id" text PRIMARY KEY NOT NULL,
	"name" jsonb NOT NULL,
	"purpose" jsonb NOT NULL,
	"claims" jsonb NOT NULL,
	"key_label" text NOT NULL,
	"certificate" "bytea" NOT NULL,
	"api_key_hash" text NOT NULL,
	"webhook_url" text,
	"registered_at" timestamp with time zone NOT NULL,
	"registered_by" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "verifier"."seen_presentations" (
	"digest" text PRIMARY KEY NOT NULL,
	"request_id" uuid NOT NULL,
	"seen_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "verifier"."presentation_requests" ADD CONSTRAINT "presentation_requests_relying_party_id_relying_parties_id_fk" FOREIGN KEY ("relying_party_id") REFERENCES "verifier"."relying_parties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "presentation_requests_rp_idx" ON "verifier"."presentation_requests" USING btree ("relying_party_id","created_at");