import { spawn, spawnSync } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Config } from "@/server/config";
import { images } from "@/server/db/schema";
import { makeRealPhoto } from "../fixtures/real-photos";
import { bin, runCli, serverEnv } from "../helpers/run-cli";
import { startTestApp, type TestApp } from "../helpers/test-app";

// Objects put into the bucket by a real outside client (Debian's awscli), then adopted by `pixbucket reindex`.


/** `aws s3 cp --recursive` from a folder into the bucket, as someone filling it by hand would. */
function awsCopy(config: Config, dir: string, destination = ""): void {
  if (config.storage.driver !== "s3") throw new Error("expected s3");
  const result = spawnSync("aws", ["--endpoint-url", config.storage.endpoint, "s3", "cp", dir, `s3://${config.storage.bucket}/${destination}`, "--recursive", "--only-show-errors"], {
    env: { NODE_ENV: "test", PATH: process.env.PATH ?? "", HOME: tmpdir(), AWS_ACCESS_KEY_ID: config.storage.accessKeyId, AWS_SECRET_ACCESS_KEY: config.storage.secretAccessKey, AWS_DEFAULT_REGION: config.storage.region },
    encoding: "utf8",
  });
  expect(result.status, result.stderr).toBe(0);
}

describe("pixbucket reindex", () => {
  let app: TestApp;
  let dir: string;
  const tutorialKey = "3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a6b-beach day.jpg";

  beforeAll(async () => {
    app = await startTestApp("s3", { PIXBUCKET_SWEEP_INTERVAL_SECONDS: "0" });
    dir = await mkdtemp(path.join(tmpdir(), "pixbucket-reindex-"));
    await mkdir(path.join(dir, "trips", "2019"), { recursive: true });
    await writeFile(path.join(dir, tutorialKey), await makeRealPhoto({ source: 0, width: 640, height: 427 }));
    await writeFile(path.join(dir, "8d7e6f5a-4b3c-4d2e-9f1a-0b9c8d7e6f5a-sunset.png"), await makeRealPhoto({ source: 1, width: 300, height: 200, format: "png" }));
    await writeFile(path.join(dir, "trips", "2019", "lake.webp"), await makeRealPhoto({ source: 2, width: 500, height: 375, format: "webp" }));
    await writeFile(path.join(dir, "trips", "2019", "notes.txt"), "packing list: tent, stove\n");
    await writeFile(path.join(dir, "trips", "fake.jpg"), "not really a jpeg");
    awsCopy(app.runtime.config, dir);
  });
  afterAll(async () => {
    await app?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const reindex = (...args: string[]) => runCli(["reindex", "--owner", app.user.email, ...args], { env: serverEnv(app.runtime.config) });

  it("indexes every image once with its name and size, reports the rest and leaves it untouched; a second run indexes nothing", async () => {
    const dry = await reindex("--dry-run");
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/would index +3/);
    expect(await app.runtime.db.select().from(images)).toHaveLength(0);

    const first = await reindex();
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^indexed +3$/m);
    expect(first.stdout).toMatch(/^refused +2 \(left untouched\)$/m);
    expect(first.stdout).toMatch(/^refused trips\/2019\/notes\.txt: /m);
    expect(first.stdout).toMatch(/^refused trips\/fake\.jpg: /m);

    const rows = await app.runtime.db.select().from(images);
    const byKey = Object.fromEntries(rows.map((row) => [row.key, row]));
    expect(byKey[tutorialKey]).toMatchObject({ name: "beach day.jpg", type: "image/jpeg", width: 640, height: 427, ownerId: app.user.id, state: "ok" });
    expect(byKey["8d7e6f5a-4b3c-4d2e-9f1a-0b9c8d7e6f5a-sunset.png"]).toMatchObject({ name: "sunset.png", type: "image/png", width: 300, height: 200 });
    expect(byKey["trips/2019/lake.webp"]).toMatchObject({ name: "lake.webp", type: "image/webp", width: 500, height: 375 });
    for (const row of rows) expect((await app.runtime.storage.head(row.thumbnailKey))?.contentType).toBe("image/webp");
    expect((await app.runtime.storage.head("trips/2019/notes.txt"))?.size).toBe(26);
    expect((await app.runtime.storage.head("trips/fake.jpg"))?.size).toBe(17);

    // The API lists them for the owner, with working URLs.
    const { images: listed } = (await (await app.api("/api/images")).json()) as { images: { name: string; thumbnailUrl: string }[] };
    expect(listed.map((image) => image.name).sort()).toEqual(["beach day.jpg", "lake.webp", "sunset.png"]);
    expect((await fetch(listed[0]!.thumbnailUrl)).status).toBe(200);

    const second = await reindex();
    expect(second.stdout).toMatch(/^indexed +0$/m);
    expect(second.stdout).toMatch(/^already indexed +3$/m);
    expect(await app.runtime.db.select().from(images)).toHaveLength(3);

    // Adopted images count towards the owner's usage like uploaded ones, and only once.
    const { usage } = (await (await app.api("/api/me")).json()) as { usage: { images: number; bytes: number } };
    expect(usage).toEqual({ images: 3, bytes: rows.reduce((sum, row) => sum + row.size, 0) });
  }, 400_000); // four CLI runs, each a fresh Node process (slow on a loaded machine)

  it("a run killed half-way and started again finishes the rest, each image once", async () => {
    const batch = await mkdtemp(path.join(tmpdir(), "pixbucket-reindex-batch-"));
    for (let index = 0; index < 8; index += 1) {
      await writeFile(path.join(batch, `photo-${index}.jpg`), await makeRealPhoto({ source: index, width: 400, height: 300 }));
    }
    awsCopy(app.runtime.config, batch, "batch/");
    await rm(batch, { recursive: true, force: true });

    // One at a time, stopped once three are in (SIGTERM: the command forwards it to its Node process).
    await new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, [bin, "reindex", "--owner", app.user.email, "--prefix", "batch/", "--concurrency", "1"], {
        env: { NODE_ENV: "test", PATH: process.env.PATH ?? "", HOME: tmpdir(), ...serverEnv(app.runtime.config) },
      });
      let out = "";
      child.stdout.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        if ((out.match(/^indexed /gm) ?? []).length >= 3) child.kill("SIGTERM");
      });
      child.on("error", reject);
      child.on("close", () => resolve());
    });
    const partial = await app.runtime.db.select().from(images).where(like(images.key, "batch/%"));
    expect(partial.length).toBeGreaterThanOrEqual(3);
    expect(partial.length).toBeLessThan(8);

    const rest = await reindex("--prefix", "batch/");
    expect(rest.code, rest.stderr).toBe(0);
    expect(rest.stdout).toMatch(new RegExp(`^indexed +${8 - partial.length}$`, "m"));
    const all = await app.runtime.db.select().from(images).where(like(images.key, "batch/%"));
    expect(all.map((row) => row.key).sort()).toEqual(Array.from({ length: 8 }, (_, index) => `batch/photo-${index}.jpg`));
    expect(all.every((row) => row.width === 400 && row.height === 300)).toBe(true);
    expect(all.every((row) => row.ownerId === app.user.id)).toBe(true);
  }, 400_000);
});
