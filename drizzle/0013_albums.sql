CREATE TABLE "album_images" (
	"album_id" text NOT NULL,
	"image_id" text NOT NULL,
	"added_at" timestamp with time zone NOT NULL,
	CONSTRAINT "album_images_album_id_image_id_pk" PRIMARY KEY("album_id","image_id")
);
--> statement-breakpoint
CREATE TABLE "albums" (
	"id" text PRIMARY KEY NOT NULL,
	"owner_id" text NOT NULL,
	"name" text NOT NULL,
	"cover_image_id" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "shares" ADD COLUMN "album_id" text;--> statement-breakpoint
ALTER TABLE "album_images" ADD CONSTRAINT "album_images_album_id_albums_id_fk" FOREIGN KEY ("album_id") REFERENCES "public"."albums"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "album_images" ADD CONSTRAINT "album_images_image_id_images_id_fk" FOREIGN KEY ("image_id") REFERENCES "public"."images"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "albums" ADD CONSTRAINT "albums_cover_image_id_images_id_fk" FOREIGN KEY ("cover_image_id") REFERENCES "public"."images"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "album_images_image_idx" ON "album_images" USING btree ("image_id");--> statement-breakpoint
CREATE INDEX "album_images_album_added_idx" ON "album_images" USING btree ("album_id","added_at");--> statement-breakpoint
CREATE INDEX "albums_owner_created_id_idx" ON "albums" USING btree ("owner_id","created_at","id");--> statement-breakpoint
ALTER TABLE "shares" ADD CONSTRAINT "shares_album_id_albums_id_fk" FOREIGN KEY ("album_id") REFERENCES "public"."albums"("id") ON DELETE cascade ON UPDATE no action;