CREATE TABLE "exchange_registry"."gateway_clients" (
	"member_class" text NOT NULL,
	"member_code" text NOT NULL,
	"server_code" text NOT NULL,
	"client_member_class" text NOT NULL,
	"client_member_code" text NOT NULL,
	"client_subsystem_code" text NOT NULL,
	"added_at" timestamp with time zone NOT NULL,
	CONSTRAINT "gateway_clients_pk" PRIMARY KEY("member_class","member_code","server_code","client_member_class","client_member_code","client_subsystem_code")
);
--> statement-breakpoint
ALTER TABLE "exchange_registry"."gateway_clients" ADD CONSTRAINT "gateway_clients_owner_fk" FOREIGN KEY ("member_class","member_code") REFERENCES "exchange_registry"."members"("member_class","member_code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_registry"."gateway_clients" ADD CONSTRAINT "gateway_clients_client_fk" FOREIGN KEY ("client_member_class","client_member_code","client_subsystem_code") REFERENCES "exchange_registry"."subsystems"("member_class","member_code","subsystem_code") ON DELETE no action ON UPDATE no action;