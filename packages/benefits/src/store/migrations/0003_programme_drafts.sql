CREATE TABLE "benefits"."programme_drafts" (
	"programme" text PRIMARY KEY NOT NULL,
	"changes" jsonb NOT NULL,
	"period" text NOT NULL,
	"author" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
