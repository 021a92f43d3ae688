CREATE TABLE "credentials"."issuer_keys" (
	"key_label" text PRIMARY KEY NOT NULL,
	"certificate" "bytea" NOT NULL,
	"not_after" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
