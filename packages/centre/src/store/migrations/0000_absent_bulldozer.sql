CREATE SCHEMA "centre";
--> statement-breakpoint
CREATE TABLE "centre"."appointments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"centre" text NOT NULL,
	"stock_id" uuid NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"state" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"reminded_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "centre"."custody_reports" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"centre" text NOT NULL,
	"reference" text NOT NULL,
	"document_number" text NOT NULL,
	"event" text NOT NULL,
	"actor" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"sent_at" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "centre"."handovers" (
	"id" uuid PRIMARY KEY NOT NULL,
	"appointment_id" uuid NOT NULL,
	"stock_id" uuid NOT NULL,
	"operator_id" text NOT NULL,
	"state" text NOT NULL,
	"step" text NOT NULL,
	"reason" text,
	"checks" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "centre"."shipments" (
	"id" text PRIMARY KEY NOT NULL,
	"centre" text NOT NULL,
	"sent_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"card_count" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "centre"."stock" (
	"id" uuid PRIMARY KEY NOT NULL,
	"centre" text NOT NULL,
	"shipment_id" text NOT NULL,
	"reference" text NOT NULL,
	"document_number" text NOT NULL,
	"collect_by" date NOT NULL,
	"state" text NOT NULL,
	"state_at" timestamp with time zone NOT NULL,
	"arrived_at" timestamp with time zone,
	"note" text,
	"booking_token_hash" text,
	CONSTRAINT "stock_reference_unique" UNIQUE("reference"),
	CONSTRAINT "stock_document_number_unique" UNIQUE("document_number"),
	CONSTRAINT "stock_booking_token_hash_unique" UNIQUE("booking_token_hash")
);
--> statement-breakpoint
ALTER TABLE "centre"."appointments" ADD CONSTRAINT "appointments_stock_id_stock_id_fk" FOREIGN KEY ("stock_id") REFERENCES "centre"."stock"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "centre"."handovers" ADD CONSTRAINT "handovers_appointment_id_appointments_id_fk" FOREIGN KEY ("appointment_id") REFERENCES "centre"."appointments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "centre"."handovers" ADD CONSTRAINT "handovers_stock_id_stock_id_fk" FOREIGN KEY ("stock_id") REFERENCES "centre"."stock"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "centre"."stock" ADD CONSTRAINT "stock_shipment_id_shipments_id_fk" FOREIGN KEY ("shipment_id") REFERENCES "centre"."shipments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "appointments_slot_idx" ON "centre"."appointments" USING btree ("centre","starts_at","state");--> statement-breakpoint
CREATE UNIQUE INDEX "appointments_one_booked_per_card" ON "centre"."appointments" USING btree ("stock_id") WHERE state = 'booked';--> statement-breakpoint
CREATE INDEX "custody_reports_pending_idx" ON "centre"."custody_reports" USING btree ("sent_at","id");--> statement-breakpoint
CREATE INDEX "handovers_appointment_idx" ON "centre"."handovers" USING btree ("appointment_id");--> statement-breakpoint
CREATE INDEX "stock_centre_state_idx" ON "centre"."stock" USING btree ("centre","state");