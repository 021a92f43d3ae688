CREATE TABLE "centre"."centre_suspensions" (
	"centre" text PRIMARY KEY NOT NULL,
	"state" text NOT NULL,
	"changed_at" timestamp with time zone NOT NULL,
	"reason" text,
	"received_at" timestamp with time zone NOT NULL
);
