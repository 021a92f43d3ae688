CREATE TABLE "verifier"."data_access_reports" (
	"message_id" text PRIMARY KEY NOT NULL,
	"identification_code" text NOT NULL,
	"purpose" text NOT NULL,
	"client" text NOT NULL,
	"service" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"delivered_at" timestamp with time zone,
	"last_error" text
);
--> statement-breakpoint
CREATE INDEX "data_access_reports_due_idx" ON "verifier"."data_access_reports" USING btree ("next_attempt_at");