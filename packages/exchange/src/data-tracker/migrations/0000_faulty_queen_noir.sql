CREATE SCHEMA "exchange_tracker";
--> statement-breakpoint
CREATE TABLE "exchange_tracker"."data_access" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"gateway" text NOT NULL,
	"side" text NOT NULL,
	"message_id" text NOT NULL,
	"subject" text NOT NULL,
	"client" text NOT NULL,
	"service" text NOT NULL,
	"purpose" text NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "data_access_gateway_message_key" ON "exchange_tracker"."data_access" USING btree ("gateway","message_id");--> statement-breakpoint
CREATE INDEX "data_access_subject_idx" ON "exchange_tracker"."data_access" USING btree ("subject","at");