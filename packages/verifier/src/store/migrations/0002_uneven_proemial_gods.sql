CREATE TABLE "verifier"."webhook_deliveries" (
	"id" uuid PRIMARY KEY NOT NULL,
	"relying_party_id" text NOT NULL,
	"request_id" uuid NOT NULL,
	"url" text NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"delivered_at" timestamp with time zone,
	"failed_at" timestamp with time zone,
	"last_error" text
);
--> statement-breakpoint
ALTER TABLE "verifier"."webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_relying_party_id_relying_parties_id_fk" FOREIGN KEY ("relying_party_id") REFERENCES "verifier"."relying_parties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "webhook_deliveries_due_idx" ON "verifier"."webhook_deliveries" USING btree ("next_attempt_at");