CREATE TABLE "credentials"."wrapped_keys" (
	"label" text PRIMARY KEY NOT NULL,
	"wrapped" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
