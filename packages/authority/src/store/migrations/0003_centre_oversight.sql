CREATE TABLE "authority"."centre_reconciliations" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"location" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"checked" integer NOT NULL,
	"discrepancies" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "authority"."handover_failures" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"location" text NOT NULL,
	"reference" text NOT NULL,
	"document_number" text NOT NULL,
	"reason" text NOT NULL,
	"actor" text NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "centre_reconciliations_location_idx" ON "authority"."centre_reconciliations" USING btree ("location","at");--> statement-breakpoint
CREATE UNIQUE INDEX "handover_failures_once" ON "authority"."handover_failures" USING btree ("reference","at","reason");--> statement-breakpoint
CREATE INDEX "handover_failures_location_idx" ON "authority"."handover_failures" USING btree ("location","at");