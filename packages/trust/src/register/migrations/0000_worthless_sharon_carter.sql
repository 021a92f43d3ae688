CREATE SCHEMA "trust";
--> statement-breakpoint
CREATE SEQUENCE "trust"."document_number_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "trust"."authorities" (
	"label" text PRIMARY KEY NOT NULL,
	"certificate" "bytea" NOT NULL,
	"key_label" text NOT NULL,
	"key_hash" text NOT NULL,
	"crl_number" integer DEFAULT 0 NOT NULL,
	"urls" jsonb NOT NULL,
	"crl" "bytea",
	"crl_next_update" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "authorities_key_hash_unique" UNIQUE("key_hash")
);
--> statement-breakpoint
CREATE TABLE "trust"."card_access" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"card_id" uuid NOT NULL,
	"staff_id" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"purpose" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "trust"."card_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"card_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor" text NOT NULL,
	"type" text NOT NULL,
	"from_state" text,
	"to_state" text,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "trust"."cards" (
	"id" uuid PRIMARY KEY NOT NULL,
	"document_number" text NOT NULL,
	"order_reference" text NOT NULL,
	"holder_code" text NOT NULL,
	"holder_name" text NOT NULL,
	"pickup_location" text NOT NULL,
	"chip_id" text NOT NULL,
	"state" text NOT NULL,
	"revocation_reason" text,
	"pin_envelope" jsonb NOT NULL,
	"valid_from" date NOT NULL,
	"valid_until" date NOT NULL,
	"collect_by" date NOT NULL,
	"replaces" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "cards_document_number_unique" UNIQUE("document_number"),
	CONSTRAINT "cards_order_reference_unique" UNIQUE("order_reference")
);
--> statement-breakpoint
CREATE TABLE "trust"."certificates" (
	"serial" text PRIMARY KEY NOT NULL,
	"issuer" text NOT NULL,
	"card_id" uuid,
	"usage" text NOT NULL,
	"subject" text NOT NULL,
	"not_before" timestamp with time zone NOT NULL,
	"not_after" timestamp with time zone NOT NULL,
	"der" "bytea" NOT NULL,
	"status" text NOT NULL,
	"reason" text,
	"revoked_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "trust"."holders" (
	"code" text PRIMARY KEY NOT NULL,
	"first_order" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "holders_first_order_unique" UNIQUE("first_order")
);
--> statement-breakpoint
CREATE TABLE "trust"."service_certificates" (
	"key_label" text PRIMARY KEY NOT NULL,
	"purpose" text NOT NULL,
	"certificate" "bytea" NOT NULL,
	"not_after" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "trust"."sign_in_challenges" (
	"nonce" text PRIMARY KEY NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "trust"."wrapped_keys" (
	"label" text PRIMARY KEY NOT NULL,
	"wrapped" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "trust"."card_access" ADD CONSTRAINT "card_access_card_id_cards_id_fk" FOREIGN KEY ("card_id") REFERENCES "trust"."cards"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trust"."card_events" ADD CONSTRAINT "card_events_card_id_cards_id_fk" FOREIGN KEY ("card_id") REFERENCES "trust"."cards"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trust"."certificates" ADD CONSTRAINT "certificates_issuer_authorities_label_fk" FOREIGN KEY ("issuer") REFERENCES "trust"."authorities"("label") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trust"."certificates" ADD CONSTRAINT "certificates_card_id_cards_id_fk" FOREIGN KEY ("card_id") REFERENCES "trust"."cards"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "card_access_card_idx" ON "trust"."card_access" USING btree ("card_id","at");--> statement-breakpoint
CREATE INDEX "card_events_card_idx" ON "trust"."card_events" USING btree ("card_id","id");--> statement-breakpoint
CREATE INDEX "cards_state_idx" ON "trust"."cards" USING btree ("state","pickup_location");--> statement-breakpoint
CREATE INDEX "cards_holder_idx" ON "trust"."cards" USING btree ("holder_code");--> statement-breakpoint
CREATE INDEX "certificates_card_idx" ON "trust"."certificates" USING btree ("card_id");--> statement-breakpoint
CREATE INDEX "certificates_issuer_status_idx" ON "trust"."certificates" USING btree ("issuer","status");--> statement-breakpoint
CREATE INDEX "service_certificates_purpose_idx" ON "trust"."service_certificates" USING btree ("purpose","not_after");