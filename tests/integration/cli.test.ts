import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { uploads } from "@/server/db/schema";
import { makeImage } from "../fixtures/images";
import { runCli, serverEnv } from "../helpers/run-cli";
import { startTestApp, type TestApp } from "../helpers/test-app";
import type { ImageDto } from "@/contract/images";

// The `pixbucket` command as a user runs it: a child process, talking to a real app (route
// handlers behind an HTTP server, on RGW + Postgres) only through the public API.

const MiB = 1024 * 1024;


type ListedImage = ImageDto;

describe("pixbucket CLI against the app on RGW + Postgres", () => {
  let app: TestApp;
  let dir: string;
  const expected = new Map<string, number>();

  beforeAll(async () => {
    // A low multipart threshold, so one of the ten goes in parts.
    app = await startTestApp("s3", { PIXBUCKET_MULTIPART_THRESHOLD_BYTES: String(5 * MiB), PIXBUCKET_MULTIPART_PART_BYTES: String(5 * MiB) });
    dir = await mkdtemp(path.join(tmpdir(), "pixbucket-cli-"));
    await mkdir(path.join(dir, "nested", "deeper"), { recursive: true });
    const formats = ["jpeg", "png", "webp", "gif", "avif"] as const;
    const extensions = { jpeg: "jpg", png: "png", webp: "webp", gif: "gif", avif: "avif" } as const;
    for (let index = 0; index < 9; index += 1) {
      const format = formats[index % formats.length]!;
      const name = `photo-${index + 1}.${extensions[format]}`;
      const bytes = await makeImage(format, 96, 64, index + 1);
      const folder = index < 4 ? dir : index < 7 ? path.join(dir, "nested") : path.join(dir, "nested", "deeper");
      await writeFile(path.join(folder, name), bytes);
      expected.set(name, bytes.length);
    }
    // Noise barely compresses: a 1400×1400 PNG is about 5.9 MB, over the 5 MiB threshold.
    const big = await makeImage("png", 1400, 1400, 99);
    expect(big.length).toBeGreaterThan(5 * MiB);
    await writeFile(path.join(dir, "nested", "big.png"), big);
    expected.set("big.png", big.length);
    // Not images by name: passed over.
    await writeFile(path.join(dir, "notes.txt"), "not an image");
    await writeFile(path.join(dir, ".hidden.jpg"), "hidden files are left out");
  });

  afterAll(async () => {
    await app?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("uploads a folder of 10 images, recursively, with a summary and exit 0", async () => {
    const result = await runCli(["upload", dir, "--server", app.origin, "--token", app.token]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^Uploaded 10 of 10 files \(.+\) in .+\.$/m);
    expect(result.stdout).toContain("Skipped 1 file that is not an image by name.");
    // Not a terminal: one plain line per file.
    expect(result.stderr.match(/^uploaded /gm)).toHaveLength(10);

    const response = await app.api("/api/images?limit=200");
    expect(response.status).toBe(200);
    const { images } = (await response.json()) as { images: ListedImage[] };
    expect(new Map(images.map((image) => [image.name, image.size]))).toEqual(expected);
    // The big one went in parts, the others as single PUTs.
    const [big] = await app.runtime.db.select().from(uploads).where(eq(uploads.declaredName, "big.png"));
    expect(big?.multipartUploadId).toBeTruthy();
    const [small] = await app.runtime.db.select().from(uploads).where(eq(uploads.declaredName, "photo-2.png"));
    expect(small?.multipartUploadId).toBeNull();
  });

  it("reads the server and token from PIXBUCKET_URL and PIXBUCKET_TOKEN; skips a file the library holds unless --allow-duplicates", async () => {
    const file = path.join(dir, "photo-1.jpg");
    const env = { PIXBUCKET_URL: app.origin, PIXBUCKET_TOKEN: app.token };
    const countNamed = async () => ((await (await app.api("/api/images?limit=200&q=photo-1.jpg")).json()) as { images: ListedImage[] }).images.length;
    const before = await countNamed();
    // Uploaded by the folder run above: nothing is sent again, and that is not a failure.
    const skipped = await runCli(["upload", file], { env });
    expect(skipped.code, skipped.stderr).toBe(0);
    expect(skipped.stdout).toMatch(/^Uploaded 0 of 1 file /m);
    expect(skipped.stdout).toContain("Skipped 1 file that is already in the library");
    expect(skipped.stderr).toMatch(/^already {2}.*photo-1\.jpg: in the library as photo-1\.jpg$/m);
    expect(await countNamed()).toBe(before);

    const copied = await runCli(["upload", file, "--allow-duplicates"], { env });
    expect(copied.code, copied.stderr).toBe(0);
    expect(copied.stdout).toMatch(/^Uploaded 1 of 1 file /m);
    expect(await countNamed()).toBe(before + 1);
  });

  it("--album puts the folder's images into an album it makes, and finds it again on the next run", async () => {
    const name = "From the CLI";
    const first = await runCli(["upload", dir, "--server", app.origin, "--token", app.token, "--album", name]);
    expect(first.code, first.stderr).toBe(0);
    // Every file is in the library already (the run above): none is sent, all join the album.
    expect(first.stdout).toContain(`Album "${name}" (new): 10 images added.`);
    const albums = ((await (await app.api("/api/albums")).json()) as { albums: { id: string; name: string; imageCount: number }[] }).albums.filter((album) => album.name === name);
    expect(albums).toHaveLength(1);
    expect(albums[0]!.imageCount).toBe(10);

    const again = await runCli(["upload", dir, "--server", app.origin, "--token", app.token, "--album", name]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain(`Album "${name}": 0 images added.`);
    expect(((await (await app.api("/api/albums")).json()) as { albums: { name: string }[] }).albums.filter((album) => album.name === name)).toHaveLength(1);
  });

  it("refuses a bad token with a clear message and a non-zero exit", async () => {
    const result = await runCli(["upload", dir, "--server", app.origin, "--token", "pbt_not-a-real-token"]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("The token was refused (401)");
    expect(result.stderr).toContain("PIXBUCKET_TOKEN");
  });

  it("reports a file the server refuses, uploads the rest, and exits 1", async () => {
    const mixed = await mkdtemp(path.join(tmpdir(), "pixbucket-cli-mixed-"));
    try {
      await writeFile(path.join(mixed, "good.png"), await makeImage("png", 32, 32, 5));
      await writeFile(path.join(mixed, "fake.png"), Buffer.from("these bytes are not a PNG at all"));
      const result = await runCli(["upload", mixed, "--server", app.origin, "--token", app.token]);
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/^Uploaded 1 of 2 files /m);
      expect(result.stdout).toMatch(/^ {2}.*fake\.png: .+/m);
    } finally {
      await rm(mixed, { recursive: true, force: true });
    }
  });

  it("exits 2 on a wrong command line", async () => {
    const noToken = await runCli(["upload", dir, "--server", app.origin]);
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toContain("PIXBUCKET_TOKEN");
    const missing = await runCli(["upload", path.join(dir, "no-such-folder"), "--server", app.origin, "--token", app.token]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("No such file or folder");
  });

  it("user create --password-stdin makes an account in the server's database that can sign in", async () => {
    const email = `cli-${Date.now()}@example.test`;
    const password = "a long enough password";
    const result = await runCli(["user", "create", "--email", email, "--name", "From the CLI", "--password-stdin"], {
      env: serverEnv(app.runtime.config),
      stdin: `${password}\n`,
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`Created user ${email}`);

    const signIn = await app.anonymous("/api/auth/sign-in/email", {
      method: "POST",
      headers: { "content-type": "application/json", origin: app.origin },
      body: JSON.stringify({ email, password }),
    });
    expect(signIn.status, await signIn.clone().text()).toBe(200);
    const cookie = signIn.headers.get("set-cookie")?.split(";")[0] ?? "";
    const me = await app.anonymous("/api/me", { headers: { cookie } });
    expect(await me.json()).toMatchObject({ user: { email, name: "From the CLI", role: "user" } });

    const again = await runCli(["user", "create", "--email", email, "--password-stdin"], { env: serverEnv(app.runtime.config), stdin: password });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("already exists");
  });
});
