ALTER TABLE "images" ADD COLUMN "md5" text;--> statement-breakpoint
ALTER TABLE "uploads" ADD COLUMN "allow_duplicate" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX "images_owner_size_md5_idx" ON "images" USING btree ("owner_id","size","md5");--> statement-breakpoint
CREATE INDEX "images_owner_checksum_idx" ON "images" USING btree ("owner_id","checksum");