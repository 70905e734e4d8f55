import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findImageFiles, imageTypeForName } from "../../src/cli/upload/find-image-files";

describe("imageTypeForName", () => {
  it("knows the accepted types by extension, in any case", () => {
    expect(imageTypeForName("a.JPG")).toBe("image/jpeg");
    expect(imageTypeForName("a.jpeg")).toBe("image/jpeg");
    expect(imageTypeForName("b.png")).toBe("image/png");
    expect(imageTypeForName("c.webp")).toBe("image/webp");
    expect(imageTypeForName("d.gif")).toBe("image/gif");
    expect(imageTypeForName("e.avif")).toBe("image/avif");
    expect(imageTypeForName("IMG_0042.HEIC")).toBe("image/heic");
    expect(imageTypeForName("burst.heif")).toBe("image/heif");
  });

  it("turns down everything else, including types the server refuses", () => {
    for (const name of ["notes.txt", "logo.svg", "scan.tiff", "noextension", "archive.jpg.zip"]) {
      expect(imageTypeForName(name), name).toBeNull();
    }
  });
});

describe("findImageFiles", () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "pixbucket-find-"));
    await mkdir(path.join(dir, "album", "inner"), { recursive: true });
    await mkdir(path.join(dir, ".git"));
    await writeFile(path.join(dir, "b.jpg"), "12345");
    await writeFile(path.join(dir, "a.png"), "123");
    await writeFile(path.join(dir, "readme.md"), "x");
    await writeFile(path.join(dir, ".DS_Store"), "x");
    await writeFile(path.join(dir, ".git", "x.png"), "x");
    await writeFile(path.join(dir, "album", "c.webp"), "1");
    await writeFile(path.join(dir, "album", "inner", "d.gif"), "12");
    await symlink(path.join(dir, "album"), path.join(dir, "album", "inner", "loop"));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("walks folders in name order, skipping hidden entries and symlinked folders", async () => {
    const found = await findImageFiles(["."], dir);
    expect(found.files.map((file) => file.label)).toEqual(["a.png", "album/c.webp", "album/inner/d.gif", "b.jpg"]);
    expect(found.files[3]).toEqual({ path: path.join(dir, "b.jpg"), label: "b.jpg", name: "b.jpg", size: 5, type: "image/jpeg" });
    expect(found.ignoredInFolders).toBe(1); // readme.md
    expect(found.skipped).toEqual([]);
    expect(found.missing).toEqual([]);
  });

  it("lists each file once, however it was named", async () => {
    const found = await findImageFiles(["b.jpg", ".", path.join(dir, "b.jpg")], dir);
    expect(found.files.map((file) => file.label)).toEqual(["b.jpg", "a.png", "album/c.webp", "album/inner/d.gif"]);
  });

  it("reports named files that are not images, and paths that do not exist", async () => {
    const found = await findImageFiles(["readme.md", "nope.jpg", "album/c.webp"], dir);
    expect(found.files.map((file) => file.name)).toEqual(["c.webp"]);
    expect(found.skipped).toEqual([{ label: "readme.md", reason: expect.stringContaining("not a JPEG") }]);
    expect(found.missing).toEqual(["nope.jpg"]);
  });

  it("labels files outside the working directory by their absolute path", async () => {
    const found = await findImageFiles([path.join(dir, "a.png")], path.join(dir, "album"));
    expect(found.files[0]?.label).toBe(path.join(dir, "a.png"));
  });
});
