-- Usage of the images indexed before usage was kept; from here on every insert and delete keeps it.
INSERT INTO "user_usage" ("user_id", "images", "bytes")
SELECT "owner_id", count(*), coalesce(sum("size"), 0) FROM "images" GROUP BY "owner_id"
ON CONFLICT ("user_id") DO NOTHING;
