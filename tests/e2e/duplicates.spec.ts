import { expect, test } from "./support/test";
import { dropFiles } from "./support/drop-files";
import { deleteImagesById, listAllImages } from "./support/images-api";
import { writeSampleImages } from "./support/sample-images";

// A file dropped a second time is recognised by the server before any byte is sent: the row says
// "Already in your library", links to the image, and "Keep both" uploads a second copy on request.

let samples: Awaited<ReturnType<typeof writeSampleImages>>;

test.beforeAll(async () => {
  samples = await writeSampleImages({ count: 1, prefix: `dup-${test.info().project.name}-${Date.now().toString(36)}` });
});

test.afterAll(async () => {
  await samples?.remove();
});

test("the same photo dropped again is not uploaded twice; Keep both makes a second copy", async ({ page }) => {
  const sample = samples.images[0]!;
  const ours = async () => (await listAllImages(page.request)).filter((image) => image.name === sample.name);

  await page.goto("/upload");
  await dropFiles(page.getByTestId("drop-zone"), [sample]);
  const rows = page.getByTestId("upload-row");
  await expect(rows.first()).toHaveAttribute("data-state", "done", { timeout: 30_000 });
  expect(await ours()).toHaveLength(1);

  // Dropped again after a reload: the server answers duplicateOf instead of a URL, so no PUT goes out.
  await page.reload();
  const puts: string[] = [];
  page.on("request", (request) => {
    if (request.method() === "PUT") puts.push(request.url());
  });
  await dropFiles(page.getByTestId("drop-zone"), [sample]);
  const row = rows.filter({ hasText: sample.name });
  await expect(row).toHaveAttribute("data-state", "duplicate", { timeout: 30_000 });
  await expect(row).toContainText("Already in your library");
  const link = row.getByRole("link", { name: `see ${sample.name}` });
  await expect(link).toHaveAttribute("href", `/gallery?${new URLSearchParams({ q: sample.name }).toString()}`);
  await expect(page.getByTestId("overall-progress-text")).toContainText("1 of 1 done");
  expect(puts, "nothing was sent to storage").toEqual([]);
  expect(await ours()).toHaveLength(1);

  // Keep both: the file goes up as a second copy.
  await row.getByRole("button", { name: `Keep both: upload ${sample.name} again` }).click();
  await expect(row).toHaveAttribute("data-state", "done", { timeout: 30_000 });
  expect(puts).toHaveLength(1);
  const copies = await ours();
  expect(copies).toHaveLength(2);

  // The link leads to the gallery searched for the name: both copies show.
  await page.goto(`/gallery?q=${encodeURIComponent(sample.name)}`);
  await expect(page.getByTestId("image-card")).toHaveCount(2);
  await deleteImagesById(page.request, copies.map((image) => image.id));
});
