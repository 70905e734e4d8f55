import { execFile } from "node:child_process";
import { mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "@/server/config";

const run = promisify(execFile);
const dirs: string[] = [];

async function freshDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "pixbucket-secret-"));
  dirs.push(dir);
  return dir;
}

afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

// Each child is a starting instance: it loads the config and prints the secret it got.
const child = `import { loadConfig } from "./src/server/config/index.ts"; process.stdout.write(loadConfig({ PIXBUCKET_DATA_DIR: process.argv[1] }).secret);`;

describe("the generated signing secret", () => {
  it("instances starting at once on one data dir: all agree on one secret, no temp file left", async () => {
    const dir = await freshDir();
    const outputs = await Promise.all(
      Array.from({ length: 4 }, () => run("npx", ["tsx", "--conditions=react-server", "--eval", child, dir], { cwd: process.cwd() })),
    );
    const secrets = new Set(outputs.map(({ stdout }) => stdout));
    expect(secrets.size).toBe(1);
    const [secret] = [...secrets];
    expect(secret!.length).toBeGreaterThanOrEqual(32);
    expect((await readFile(path.join(dir, "secret"), "utf8")).trim()).toBe(secret);
    expect(await readdir(dir)).toEqual(["secret"]);
  }, 60_000);

  it("a restart reads the same secret", async () => {
    const dir = await freshDir();
    expect(loadConfig({ PIXBUCKET_DATA_DIR: dir }).secret).toBe(loadConfig({ PIXBUCKET_DATA_DIR: dir }).secret);
  });

  it("too short a secret file: start-up stops with a ConfigError naming the file", async () => {
    const dir = await freshDir();
    await writeFile(path.join(dir, "secret"), "short\n");
    expect(() => loadConfig({ PIXBUCKET_DATA_DIR: dir })).toThrow(ConfigError);
    expect(() => loadConfig({ PIXBUCKET_DATA_DIR: dir })).toThrow(`${path.join(dir, "secret")}: the signing secret is 5 characters`);
    await writeFile(path.join(dir, "secret"), "");
    expect(() => loadConfig({ PIXBUCKET_DATA_DIR: dir })).toThrow(/0 characters/);
  });
});
