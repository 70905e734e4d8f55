DROP INDEX "api_tokens_user_idx";--> statement-breakpoint
DROP INDEX "reconcile_runs_started_idx";--> statement-breakpoint
CREATE INDEX "api_tokens_user_created_id_idx" ON "api_tokens" USING btree ("user_id","created_at","id");--> statement-breakpoint
CREATE INDEX "invites_created_id_idx" ON "invites" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "users_created_id_idx" ON "users" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "images_shared_key_idx" ON "images" USING btree ("shared_key");--> statement-breakpoint
CREATE INDEX "images_metadata_version_id_idx" ON "images" USING btree ("metadata_version","id");--> statement-breakpoint
CREATE INDEX "share_images_share_position_idx" ON "share_images" USING btree ("share_id","position","image_id");--> statement-breakpoint
CREATE INDEX "reconcile_runs_started_id_idx" ON "reconcile_runs" USING btree ("started_at","id");