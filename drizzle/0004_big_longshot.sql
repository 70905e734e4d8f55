CREATE TYPE "public"."image_state" AS ENUM('ok', 'missing');--> statement-breakpoint
CREATE TABLE "reconcile_runs" (
	"id" text PRIMARY KEY NOT NULL,
	"trigger" text NOT NULL,
	"is_dry_run" boolean NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	"counts" jsonb,
	"samples" jsonb
);
--> statement-breakpoint
ALTER TABLE "images" ADD COLUMN "state" "image_state" DEFAULT 'ok' NOT NULL;--> statement-breakpoint
CREATE INDEX "reconcile_runs_started_idx" ON "reconcile_runs" USING btree ("started_at");