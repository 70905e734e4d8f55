import "server-only";
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import type { DatabaseConfig } from "../config/parse-config";
import * as schema from "./schema";

export type Schema = typeof schema;
/** The same Drizzle API over PGlite and node-postgres; services never know which one runs. */
export type Database = PgDatabase<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;

export interface DatabaseHandle {
  db: Database;
  kind: "postgres" | "pglite";
  /** Applies the committed migrations in ./drizzle. */
  migrate(): Promise<void>;
  close(): Promise<void>;
}

/** Where the generated SQL lives; shipped with the app and read at run time. */
export const migrationsFolder = path.join(process.cwd(), "drizzle");

export async function openDatabase(config: DatabaseConfig): Promise<DatabaseHandle> {
  if (config.driver === "postgres") {
    const [{ Pool }, { drizzle }, { migrate }] = await Promise.all([
      import("pg"),
      import("drizzle-orm/node-postgres"),
      import("drizzle-orm/node-postgres/migrator"),
    ]);
    const pool = new Pool({ connectionString: config.url, max: 10, connectionTimeoutMillis: 5000 });
    // An idle client losing its server must not crash the process; the next query reports it.
    pool.on("error", () => undefined);
    const db = drizzle(pool, { schema });
    return {
      db: db as unknown as Database,
      kind: "postgres",
      migrate: () => migrate(db, { migrationsFolder }),
      close: () => pool.end(),
    };
  }
  const [{ PGlite }, { pg_trgm }, { drizzle }, { migrate }] = await Promise.all([
    import("@electric-sql/pglite"),
    // Name search's trigram index (migration 0004 creates the extension).
    import("@electric-sql/pglite/contrib/pg_trgm"),
    import("drizzle-orm/pglite"),
    import("drizzle-orm/pglite/migrator"),
  ]);
  const isMemory = config.dataDir.startsWith("memory://");
  if (!isMemory) mkdirSync(config.dataDir, { recursive: true });
  const client = new PGlite(isMemory ? config.dataDir : path.resolve(config.dataDir), { extensions: { pg_trgm } });
  const db = drizzle(client, { schema });
  return {
    db: db as unknown as Database,
    kind: "pglite",
    migrate: () => migrate(db, { migrationsFolder }),
    close: () => client.close(),
  };
}
