import { expect, test } from "./support/test";
import { dropFiles } from "./support/drop-files";
import { deleteImagesById, listAllImages } from "./support/images-api";
import { writeSampleImages } from "./support/sample-images";

// Albums as a person uses them: a selection from the gallery goes into a new album, the album's
// page shows and trims it, an upload goes straight into it, and its one link (made before the
// upload) shows the image uploaded after it, signed out.

let samples: Awaited<ReturnType<typeof writeSampleImages>>;

test.beforeAll(async () => {
  samples = await writeSampleImages({ count: 4, prefix: `album-${test.info().project.name}-${Date.now().toString(36)}` });
});

test.afterAll(async () => {
  await samples?.remove();
});

test("gallery selection → new album → album page → remove one → share the album → upload into it → the link shows it", async ({ page, browser }) => {
  test.setTimeout(120_000);
  const [first, second, third, later] = samples.images as [(typeof samples.images)[number], (typeof samples.images)[number], (typeof samples.images)[number], (typeof samples.images)[number]];
  const albumName = `Trip ${Date.now().toString(36)}`;
  const prefix = first.name.slice(0, first.name.lastIndexOf("-"));

  await page.goto("/upload");
  await dropFiles(page.getByTestId("drop-zone"), [first, second, third]);
  await expect(page.getByTestId("overall-progress-text")).toContainText("3 of 3 done", { timeout: 60_000 });

  // Select the three in the gallery (searched by their shared prefix) and make an album of them.
  await page.goto(`/gallery?${new URLSearchParams({ q: prefix }).toString()}`);
  await expect(page.getByTestId("image-card")).toHaveCount(3);
  for (const sample of [first, second, third]) await page.getByRole("checkbox", { name: `Select ${sample.name}` }).check();
  await page.getByRole("button", { name: "Add to album" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Album", { exact: true }).selectOption({ label: "New album…" });
  await dialog.getByLabel("Name of the new album").fill(albumName);
  await dialog.getByRole("button", { name: "Add" }).click();
  await expect(page.getByText(`Added to ${albumName}`)).toBeVisible();

  // The albums page lists it with its count; its page shows the three.
  await page.goto("/albums");
  const card = page.getByTestId("album-card").filter({ hasText: albumName });
  await expect(card).toContainText("3 images");
  await card.getByRole("link").click();
  await expect(page.getByRole("heading", { name: albumName })).toBeVisible();
  await expect(page.getByTestId("image-card")).toHaveCount(3);

  // The second image becomes the cover: the albums page shows its thumbnail.
  await page.getByRole("checkbox", { name: `Select ${second.name}` }).check();
  await page.getByRole("button", { name: "Use as cover" }).click();
  await expect(page.getByText("Album cover set")).toBeVisible();
  await page.getByRole("button", { name: "Clear selection" }).click();
  const albumId = decodeURIComponent(new URL(page.url()).pathname.split("/").pop()!);
  const secondId = (await listAllImages(page.request)).find((image) => image.name === second.name)!.id;
  const cover = ((await (await page.request.get(`/api/albums/${albumId}`)).json()) as { album: { coverThumbnailUrl: string } }).album.coverThumbnailUrl;
  expect(new URL(cover, page.url()).pathname).toContain(`/${secondId}/thumb.webp`);

  // Take one out: it leaves the album, not the library.
  await page.getByRole("checkbox", { name: `Select ${third.name}` }).check();
  await page.getByRole("button", { name: "Remove from album" }).click();
  await expect(page.getByTestId("image-card")).toHaveCount(2);
  await expect(page.locator("main").getByText("2 images").first()).toBeVisible();

  // One link for the album, made now.
  await page.getByRole("button", { name: "Share album" }).click();
  const shareDialog = page.getByRole("dialog");
  await shareDialog.getByRole("button", { name: "Create link" }).click();
  const link = await shareDialog.getByTestId("share-link").inputValue();
  await shareDialog.getByRole("button", { name: "Done" }).click();

  // Upload into the album: the new file joins it.
  const albumUrl = page.url();
  await page.goto("/upload");
  await page.getByLabel("Upload into album").selectOption({ label: albumName });
  await dropFiles(page.getByTestId("drop-zone"), [later]);
  await expect(page.getByTestId("upload-row").filter({ hasText: later.name })).toHaveAttribute("data-state", "done", { timeout: 30_000 });
  await expect.poll(async () => ((await (await page.request.get(`/api/albums/${albumId}`)).json()) as { album: { imageCount: number } }).album.imageCount).toBe(3);
  await page.goto(albumUrl);
  await expect(page.getByTestId("image-card")).toHaveCount(3);

  // Signed out, the link shows what the album holds now: the later upload, not the removed one.
  const stranger = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  try {
    const visitor = await stranger.newPage();
    await visitor.goto(link);
    for (const sample of [first, second, later]) await expect(visitor.getByRole("img", { name: sample.name })).toBeVisible();
    await expect(visitor.getByRole("img", { name: third.name })).toHaveCount(0);
  } finally {
    await stranger.close();
  }

  // Deleting the album keeps the images.
  await page.getByRole("button", { name: "Delete album" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Delete album" }).click();
  await expect(page).toHaveURL(/\/albums$/);
  const ours = (await listAllImages(page.request)).filter((image) => image.name.startsWith(prefix));
  expect(ours).toHaveLength(4);
  await deleteImagesById(page.request, ours.map((image) => image.id));
});
