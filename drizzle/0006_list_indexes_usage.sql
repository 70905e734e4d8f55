CREATE TABLE "user_usage" (
	"user_id" text PRIMARY KEY NOT NULL,
	"images" bigint DEFAULT 0 NOT NULL,
	"bytes" bigint DEFAULT 0 NOT NULL,
	"quota_images" bigint,
	"quota_bytes" bigint
);
--> statement-breakpoint
DROP INDEX "images_owner_created_id_idx";--> statement-breakpoint
DROP INDEX "shares_owner_created_idx";--> statement-breakpoint
CREATE INDEX "images_owner_taken_id_idx" ON "images" USING btree ("owner_id",coalesce("taken_at", "created_at"),"id");--> statement-breakpoint
CREATE INDEX "images_owner_name_id_idx" ON "images" USING btree ("owner_id",lower("name"),"id");--> statement-breakpoint
CREATE INDEX "images_owner_size_id_idx" ON "images" USING btree ("owner_id","size","id");--> statement-breakpoint
CREATE INDEX "images_name_trgm_idx" ON "images" USING gin (lower("name") gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "images_owner_created_id_idx" ON "images" USING btree ("owner_id","created_at","id");--> statement-breakpoint
CREATE INDEX "shares_owner_created_idx" ON "shares" USING btree ("owner_id","created_at","id");