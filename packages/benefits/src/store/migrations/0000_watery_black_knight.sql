CREATE SCHEMA "benefits";
--> statement-breakpoint
CREATE TABLE "benefits"."applications" (
	"id" uuid PRIMARY KEY NOT NULL,
	"reference" text NOT NULL,
	"person_id" uuid NOT NULL,
	"offer_id" uuid NOT NULL,
	"programme" text NOT NULL,
	"beneficiary" text NOT NULL,
	"prefilled" jsonb NOT NULL,
	"status" text NOT NULL,
	"agency_reference" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "benefits"."consent_receipts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"person_id" uuid NOT NULL,
	"from_tier" text,
	"to_tier" text,
	"at" timestamp with time zone NOT NULL,
	"leaf_hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "benefits"."fetched_data" (
	"person_id" uuid NOT NULL,
	"source" text NOT NULL,
	"subject" text NOT NULL,
	"tier" text NOT NULL,
	"inputs" jsonb NOT NULL,
	"fetched_at" timestamp with time zone NOT NULL,
	CONSTRAINT "fetched_data_person_id_source_subject_tier_pk" PRIMARY KEY("person_id","source","subject","tier")
);
--> statement-breakpoint
CREATE TABLE "benefits"."household_members" (
	"person_id" uuid NOT NULL,
	"member_subject" text NOT NULL,
	CONSTRAINT "household_members_person_id_member_subject_pk" PRIMARY KEY("person_id","member_subject")
);
--> statement-breakpoint
CREATE TABLE "benefits"."life_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"subjects" jsonb NOT NULL,
	"reported_by" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"processed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "benefits"."offers" (
	"id" uuid PRIMARY KEY NOT NULL,
	"person_id" uuid NOT NULL,
	"programme" text NOT NULL,
	"beneficiary" text NOT NULL,
	"status" text NOT NULL,
	"amount" double precision,
	"period" text NOT NULL,
	"missing" jsonb NOT NULL,
	"consents_needed" jsonb NOT NULL,
	"explanation" text NOT NULL,
	"evaluated_at" timestamp with time zone NOT NULL,
	"notified_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "benefits"."people" (
	"id" uuid PRIMARY KEY NOT NULL,
	"subject" text NOT NULL,
	"tier" text,
	"email" text,
	"locale" text NOT NULL,
	"residence" text,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "benefits"."applications" ADD CONSTRAINT "applications_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "benefits"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "benefits"."applications" ADD CONSTRAINT "applications_offer_id_offers_id_fk" FOREIGN KEY ("offer_id") REFERENCES "benefits"."offers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "benefits"."consent_receipts" ADD CONSTRAINT "consent_receipts_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "benefits"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "benefits"."fetched_data" ADD CONSTRAINT "fetched_data_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "benefits"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "benefits"."household_members" ADD CONSTRAINT "household_members_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "benefits"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "benefits"."offers" ADD CONSTRAINT "offers_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "benefits"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "applications_reference_key" ON "benefits"."applications" USING btree ("reference");--> statement-breakpoint
CREATE UNIQUE INDEX "applications_offer_key" ON "benefits"."applications" USING btree ("offer_id");--> statement-breakpoint
CREATE INDEX "consent_receipts_person_idx" ON "benefits"."consent_receipts" USING btree ("person_id","at");--> statement-breakpoint
CREATE INDEX "household_members_member_idx" ON "benefits"."household_members" USING btree ("member_subject");--> statement-breakpoint
CREATE INDEX "life_events_pending_idx" ON "benefits"."life_events" USING btree ("processed_at");--> statement-breakpoint
CREATE UNIQUE INDEX "offers_person_programme_key" ON "benefits"."offers" USING btree ("person_id","programme","beneficiary");--> statement-breakpoint
CREATE UNIQUE INDEX "people_subject_key" ON "benefits"."people" USING btree ("subject");