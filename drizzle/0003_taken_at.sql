ALTER TABLE "images" ADD COLUMN "taken_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "images" ADD COLUMN "metadata_version" integer DEFAULT 0 NOT NULL;