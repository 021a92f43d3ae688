CREATE TABLE "benefits"."citizen_sessions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"token_hash" text NOT NULL,
	"subject" text NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "benefits"."redeemed_assertions" (
	"jti" text PRIMARY KEY NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "citizen_sessions_token_key" ON "benefits"."citizen_sessions" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "citizen_sessions_expires_idx" ON "benefits"."citizen_sessions" USING btree ("expires_at");