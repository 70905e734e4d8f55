CREATE TABLE "user_usage" (
	"user_id" text PRIMARY KEY NOT NULL,
	"images" bigint DEFAULT 0 NOT NULL,
	"bytes" bigint DEFAULT 0 NOT NULL,
	"quota_images" bigint,
	"quota_bytes" bigint
);
