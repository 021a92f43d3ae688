CREATE TABLE "exchange_message_log"."client_credentials" (
	"gateway" text NOT NULL,
	"client" text NOT NULL,
	"secret_sha256" "bytea" NOT NULL,
	"generation" integer NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	CONSTRAINT "client_credentials_pk" PRIMARY KEY("gateway","client")
);
