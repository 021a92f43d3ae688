CREATE TABLE "centre"."staff_centres" (
	"staff_id" uuid PRIMARY KEY NOT NULL,
	"centre" text NOT NULL,
	"assigned_at" timestamp with time zone NOT NULL
);
