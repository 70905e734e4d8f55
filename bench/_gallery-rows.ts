/** Image rows for bench/gallery, made by the database itself (generate_series), not by the upload path. */
import { sql } from "drizzle-orm";
import type { Database } from "@/server/db/client";

/** Five rows, all among the first 10,000, are the only ones whose name holds this word. */
export const SELECTIVE_QUERY = "lisbon";
export const SELECTIVE_MATCHES = 5;
/** No name holds this word, nor any of its trigrams, as a user searching for what is not there. */
export const EMPTY_QUERY = "sunset";

/**
 * Rows `from`..`to` (inclusive) of one owner's library. Like a real one: camera names that repeat
 * when the counter wraps, phone and screenshot names, three types, sizes rounded to kB (ties on
 * `largest`), uploads in batches of 40 sharing one instant (ties on `newest`), a date taken for
 * 80% (minute precision, so ties there too), ids and keys in the app's own shapes. Returns ms.
 */
export async function insertGalleryRows(db: Database, ownerId: string, from: number, to: number): Promise<number> {
  const started = performance.now();
  await db.execute(sql`
    insert into images (id, owner_id, key, name, type, size, width, height, checksum, thumbnail_key, created_at, taken_at, metadata_version)
    select id, ${ownerId}, 'images/' || ${ownerId} || '/' || id || '/original', name, type, size, width, height,
           md5(id) || md5(name), 'images/' || ${ownerId} || '/' || id || '/thumb.webp', created_at, taken_at, 1
    from (
      select g, id, created_at,
        case
          when g % 1999 = 0 and g <= 10000 then 'Lisbon trip ' || (g / 1999) || '.jpg'
          when kind < 6 then 'IMG_' || lpad((g % 10000)::text, 4, '0') || '.JPG'
          when kind < 8 then 'PXL_' || to_char(created_at, 'YYYYMMDD_HH24MISS') || lpad((g % 1000)::text, 3, '0') || '.jpg'
          when kind = 8 then 'Screenshot ' || to_char(created_at, 'YYYY-MM-DD "at" HH24.MI.SS') || '.png'
          else 'DSC' || lpad((g % 100000)::text, 5, '0') || '.webp'
        end as name,
        case when kind = 8 then 'image/png' when kind = 9 then 'image/webp' else 'image/jpeg' end as type,
        case when kind = 8 then 200000 else 1500000 end + ((g::bigint * 7919) % 3000) * 1000 as size,
        case when kind = 8 then 1170 when kind = 9 then 6000 else 4032 end as width,
        case when kind = 8 then 2532 when kind = 9 then 4000 else 3024 end as height,
        case when kind < 8 then date_trunc('minute', created_at - ((g::bigint * 104729) % 2000) * interval '1 hour') end as taken_at
      from (
        select g, g % 10 as kind,
               timestamptz '2023-01-01 00:00:00+00' + (g / 40) * interval '1 hour' as created_at,
               -- 128 bits as URL-safe base64, the shape of newId().
               rtrim(translate(encode(decode(md5('bench-gallery-' || g), 'hex'), 'base64'), '+/', '-_'), '=') as id
        from generate_series(${from}::int, ${to}::int) as g
      ) as numbered
    ) as shaped`);
  return performance.now() - started;
}
