CREATE TABLE "exchange_message_log"."hosted_signing_keys" (
	"gateway" text NOT NULL,
	"member" text NOT NULL,
	"generation" integer NOT NULL,
	"certificate" "bytea" NOT NULL,
	"key_sealed" "bytea" NOT NULL,
	"not_after" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "hosted_signing_keys_pk" PRIMARY KEY("gateway","member","generation")
);
