DROP INDEX "album_images_album_added_idx";--> statement-breakpoint
CREATE INDEX "album_images_album_added_image_idx" ON "album_images" USING btree ("album_id","added_at","image_id");