CREATE SCHEMA "exchange_registry";
--> statement-breakpoint
CREATE TABLE "exchange_registry"."access_rights" (
	"id" uuid PRIMARY KEY NOT NULL,
	"client_member_class" text NOT NULL,
	"client_member_code" text NOT NULL,
	"client_subsystem_code" text NOT NULL,
	"service_id" uuid NOT NULL,
	"method" text,
	"path" text,
	"granted_at" timestamp with time zone NOT NULL,
	CONSTRAINT "access_rights_grant_unique" UNIQUE NULLS NOT DISTINCT("client_member_class","client_member_code","client_subsystem_code","service_id","method","path")
);
--> statement-breakpoint
CREATE TABLE "exchange_registry"."configuration_versions" (
	"serial" bigint PRIMARY KEY NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"document" jsonb NOT NULL,
	"signature" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "exchange_registry"."gateways" (
	"member_class" text NOT NULL,
	"member_code" text NOT NULL,
	"server_code" text NOT NULL,
	"address" text NOT NULL,
	"auth_certificate" "bytea" NOT NULL,
	"auth_certificate_sha256" text NOT NULL,
	"registered_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "gateways_member_class_member_code_server_code_pk" PRIMARY KEY("member_class","member_code","server_code"),
	CONSTRAINT "gateways_address_unique" UNIQUE("address"),
	CONSTRAINT "gateways_auth_certificate_sha256_unique" UNIQUE("auth_certificate_sha256")
);
--> statement-breakpoint
CREATE TABLE "exchange_registry"."members" (
	"member_class" text NOT NULL,
	"member_code" text NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "members_member_class_member_code_pk" PRIMARY KEY("member_class","member_code")
);
--> statement-breakpoint
CREATE TABLE "exchange_registry"."services" (
	"id" uuid PRIMARY KEY NOT NULL,
	"member_class" text NOT NULL,
	"member_code" text NOT NULL,
	"subsystem_code" text NOT NULL,
	"service_code" text NOT NULL,
	"service_version" text,
	"type" text NOT NULL,
	"openapi" jsonb,
	"endpoints" jsonb NOT NULL,
	"handles_personal_data" boolean NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "services_identifier_unique" UNIQUE NULLS NOT DISTINCT("member_class","member_code","subsystem_code","service_code","service_version")
);
--> statement-breakpoint
CREATE TABLE "exchange_registry"."subsystems" (
	"member_class" text NOT NULL,
	"member_code" text NOT NULL,
	"subsystem_code" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "subsystems_member_class_member_code_subsystem_code_pk" PRIMARY KEY("member_class","member_code","subsystem_code")
);
--> statement-breakpoint
CREATE TABLE "exchange_registry"."trusted_cas" (
	"sha256" text PRIMARY KEY NOT NULL,
	"certificate" "bytea" NOT NULL,
	"subject" text NOT NULL,
	"added_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "exchange_registry"."tsas" (
	"name" text PRIMARY KEY NOT NULL,
	"url" text NOT NULL,
	"certificate" "bytea" NOT NULL,
	"added_at" timestamp with time zone NOT NULL,
	CONSTRAINT "tsas_url_unique" UNIQUE("url")
);
--> statement-breakpoint
ALTER TABLE "exchange_registry"."access_rights" ADD CONSTRAINT "access_rights_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "exchange_registry"."services"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_registry"."access_rights" ADD CONSTRAINT "access_rights_client_fk" FOREIGN KEY ("client_member_class","client_member_code","client_subsystem_code") REFERENCES "exchange_registry"."subsystems"("member_class","member_code","subsystem_code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_registry"."gateways" ADD CONSTRAINT "gateways_member_fk" FOREIGN KEY ("member_class","member_code") REFERENCES "exchange_registry"."members"("member_class","member_code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_registry"."services" ADD CONSTRAINT "services_subsystem_fk" FOREIGN KEY ("member_class","member_code","subsystem_code") REFERENCES "exchange_registry"."subsystems"("member_class","member_code","subsystem_code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_registry"."subsystems" ADD CONSTRAINT "subsystems_member_fk" FOREIGN KEY ("member_class","member_code") REFERENCES "exchange_registry"."members"("member_class","member_code") ON DELETE no action ON UPDATE no action;