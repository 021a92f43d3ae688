CREATE SCHEMA "authority";
--> statement-breakpoint
CREATE SEQUENCE "authority"."application_reference_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "authority"."application_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"application_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor" text NOT NULL,
	"type" text NOT NULL,
	"from_status" text,
	"to_status" text,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "authority"."application_files" (
	"application_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"media_type" text NOT NULL,
	"bytes" "bytea" NOT NULL,
	"size" integer NOT NULL,
	"width" integer,
	"height" integer,
	"sha256" text NOT NULL,
	CONSTRAINT "application_files_application_id_kind_pk" PRIMARY KEY("application_id","kind")
);
--> statement-breakpoint
CREATE TABLE "authority"."applications" (
	"id" uuid PRIMARY KEY NOT NULL,
	"reference" text NOT NULL,
	"status" text NOT NULL,
	"given_names" text NOT NULL,
	"surname" text NOT NULL,
	"date_of_birth" date NOT NULL,
	"sex" text NOT NULL,
	"citizenship" text NOT NULL,
	"residence_country" text NOT NULL,
	"email" text NOT NULL,
	"document_number" text NOT NULL,
	"document_country" text NOT NULL,
	"document_issued_on" date NOT NULL,
	"document_expires_on" date NOT NULL,
	"motivation" text NOT NULL,
	"motivation_text" text NOT NULL,
	"pickup_location" text NOT NULL,
	"locale" text NOT NULL,
	"status_token_hash" text NOT NULL,
	"fee_minor" integer NOT NULL,
	"currency" text NOT NULL,
	"payment_id" text,
	"payment_status" text NOT NULL,
	"flagged" boolean DEFAULT false NOT NULL,
	"name_key" text NOT NULL,
	"document_key" text NOT NULL,
	"first_approver" text,
	"decided_by" text,
	"rejection_reason" text,
	"rejection_note" text,
	"created_at" timestamp with time zone NOT NULL,
	"submitted_at" timestamp with time zone,
	"decided_at" timestamp with time zone,
	"card_document_number" text,
	"card_ordered_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "applications_reference_unique" UNIQUE("reference"),
	CONSTRAINT "applications_status_token_hash_unique" UNIQUE("status_token_hash")
);
--> statement-breakpoint
CREATE TABLE "authority"."check_results" (
	"application_id" uuid NOT NULL,
	"check" text NOT NULL,
	"outcome" text NOT NULL,
	"reasons" jsonb NOT NULL,
	"checked_at" timestamp with time zone NOT NULL,
	CONSTRAINT "check_results_application_id_check_pk" PRIMARY KEY("application_id","check")
);
--> statement-breakpoint
CREATE TABLE "authority"."personal_data_access" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"application_id" uuid NOT NULL,
	"staff_id" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"purpose" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "authority"."pickup_locations" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"city" text NOT NULL,
	"country" text NOT NULL,
	"time_zone" text NOT NULL,
	"surcharge_minor" integer DEFAULT 0 NOT NULL,
	"active" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
ALTER TABLE "authority"."application_events" ADD CONSTRAINT "application_events_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "authority"."applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "authority"."application_files" ADD CONSTRAINT "application_files_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "authority"."applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "authority"."applications" ADD CONSTRAINT "applications_pickup_location_pickup_locations_code_fk" FOREIGN KEY ("pickup_location") REFERENCES "authority"."pickup_locations"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "authority"."check_results" ADD CONSTRAINT "check_results_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "authority"."applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "authority"."personal_data_access" ADD CONSTRAINT "personal_data_access_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "authority"."applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "application_events_app_idx" ON "authority"."application_events" USING btree ("application_id","id");--> statement-breakpoint
CREATE INDEX "applications_status_idx" ON "authority"."applications" USING btree ("status","submitted_at");--> statement-breakpoint
CREATE INDEX "applications_location_idx" ON "authority"."applications" USING btree ("pickup_location","status");--> statement-breakpoint
CREATE INDEX "applications_name_key_idx" ON "authority"."applications" USING btree ("name_key");--> statement-breakpoint
CREATE INDEX "applications_document_key_idx" ON "authority"."applications" USING btree ("document_key");--> statement-breakpoint
CREATE INDEX "applications_payment_idx" ON "authority"."applications" USING btree ("payment_id");--> statement-breakpoint
CREATE INDEX "applications_card_idx" ON "authority"."applications" USING btree ("status","card_document_number");--> statement-breakpoint
CREATE INDEX "personal_data_access_app_idx" ON "authority"."personal_data_access" USING btree ("application_id","at");