import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const root = process.cwd();
const run = (...args: string[]) => spawnSync(path.join(root, "node_modules/.bin/tsx"), ["scripts/check-migrations.ts", ...args], { cwd: root, encoding: "utf8" });

describe("the schema/migrations drift check", () => {
  const scratch = mkdtempSync(path.join(root, ".tmp-drift-test-"));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it("passes on the committed schema", () => {
    const result = run();
    expect(result.stdout + result.stderr).toContain("migrations match the schema");
    expect(result.status).toBe(0);
  });

  it("fails when the schema gains a column the migrations lack", () => {
    cpSync(path.join(root, "src/server/db/schema"), scratch, { recursive: true });
    const imagesFile = path.join(scratch, "images.ts");
    const changed = readFileSync(imagesFile, "utf8").replace('name: text("name").notNull(),', 'name: text("name").notNull(),\n    caption: text("caption"),');
    expect(changed).toContain("caption");
    writeFileSync(imagesFile, changed);
    const result = run("--schema", `./${path.relative(root, path.join(scratch, "index.ts"))}`);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("migrations drift");
  });
});
