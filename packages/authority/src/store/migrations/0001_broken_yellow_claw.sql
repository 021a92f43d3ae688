CREATE TABLE "authority"."card_custody" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"reference" text NOT NULL,
	"document_number" text NOT NULL,
	"location" text NOT NULL,
	"event" text NOT NULL,
	"actor" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"shipment_id" text,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "authority"."partner_centres" (
	"location" text PRIMARY KEY NOT NULL,
	"exchange_client" text NOT NULL,
	"state" text NOT NULL,
	"changed_at" timestamp with time zone NOT NULL,
	"reason" text,
	CONSTRAINT "partner_centres_exchange_client_unique" UNIQUE("exchange_client")
);
--> statement-breakpoint
CREATE TABLE "authority"."shipments" (
	"id" text PRIMARY KEY NOT NULL,
	"location" text NOT NULL,
	"state" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"sent_at" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "authority"."card_custody" ADD CONSTRAINT "card_custody_shipment_id_shipments_id_fk" FOREIGN KEY ("shipment_id") REFERENCES "authority"."shipments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "authority"."partner_centres" ADD CONSTRAINT "partner_centres_location_pickup_locations_code_fk" FOREIGN KEY ("location") REFERENCES "authority"."pickup_locations"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "authority"."shipments" ADD CONSTRAINT "shipments_location_pickup_locations_code_fk" FOREIGN KEY ("location") REFERENCES "authority"."pickup_locations"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "card_custody_once" ON "authority"."card_custody" USING btree ("reference","event");--> statement-breakpoint
CREATE INDEX "card_custody_location_idx" ON "authority"."card_custody" USING btree ("location","event","at");--> statement-breakpoint
CREATE INDEX "shipments_state_idx" ON "authority"."shipments" USING btree ("state","created_at");