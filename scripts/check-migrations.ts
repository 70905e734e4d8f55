/**
 * Fails when the Drizzle schema and the committed migrations drift apart: it generates into a
 * scratch copy of ./drizzle and reports any new migration that would appear.
 * Usage: tsx scripts/check-migrations.ts [--schema path/to/schema.ts]
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const schemaFlag = process.argv.indexOf("--schema");
const schema = schemaFlag > 0 ? process.argv[schemaFlag + 1]! : "./src/server/db/schema/index.ts";

// drizzle-kit only accepts an output folder relative to the project, so the scratch copy lives here.
const scratch = mkdtempSync(path.join(root, ".tmp-drift-"));
try {
  cpSync(path.join(root, "drizzle"), scratch, { recursive: true });
  const before = new Set(readdirSync(scratch));
  const result = spawnSync(
    path.join(root, "node_modules/.bin/drizzle-kit"),
    ["generate", "--dialect", "postgresql", "--schema", schema, "--out", path.relative(root, scratch), "--name", "drift-check"],
    { cwd: root, encoding: "utf8" },
  );
  const output = `${result.stdout}${result.stderr}`;
  const added = readdirSync(scratch).filter((name) => !before.has(name));
  // drizzle-kit can exit 0 after failing to load the schema, so "no changes" must be said outright.
  if (added.length === 0 && !/No schema changes/i.test(output)) {
    console.error(`migrations check could not read the schema:\n${output}`);
    process.exit(1);
  }
  if (added.length > 0) {
    console.error(`migrations drift: the schema has changes with no committed migration (${added.join(", ")}). Run: npm run db:generate`);
    process.exit(1);
  }
  console.log("migrations match the schema");
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
