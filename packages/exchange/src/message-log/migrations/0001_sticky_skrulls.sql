CREATE TABLE "exchange_message_log"."gateway_identities" (
	"gateway" text NOT NULL,
	"generation" integer NOT NULL,
	"tls_certificate" "bytea" NOT NULL,
	"signing_certificate" "bytea" NOT NULL,
	"tls_key_sealed" "bytea" NOT NULL,
	"signing_key_sealed" "bytea" NOT NULL,
	"not_after" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "gateway_identities_gateway_generation_pk" PRIMARY KEY("gateway","generation")
);
