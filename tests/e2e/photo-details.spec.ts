import { expect, test } from "./support/test";
import { makeRealPhoto } from "../fixtures/real-photos";
import { dropFiles } from "./support/drop-files";
import { deleteImagesById, listAllImages } from "./support/images-api";

// The lightbox's Details panel: what the photo's EXIF says, read from the owner-only details route.

test("Details in the lightbox shows date taken, camera, lens, exposure and location", async ({ page }) => {
  const name = `details-${test.info().project.name}-${Date.now().toString(36)}.jpg`;
  const bytes = await makeRealPhoto({
    source: 7,
    width: 1024,
    height: 768,
    takenAt: new Date("2022-03-05T09:30:00Z"),
    camera: { make: "Canon", model: "EOS R6" },
    lens: "RF24-105mm F4 L IS USM",
    exposure: { seconds: "1/500", fNumber: 8, iso: 200, focalLengthMm: 35 },
    gps: { lat: 59.3293, lon: 18.0686 },
  });

  await page.goto("/upload");
  await dropFiles(page.getByTestId("drop-zone"), [{ name, type: "image/jpeg", bytes }]);
  await expect(page.getByTestId("upload-row").filter({ hasText: name })).toHaveAttribute("data-state", "done", { timeout: 30_000 });

  await page.goto(`/gallery?${new URLSearchParams({ q: name }).toString()}`);
  await page.getByRole("button", { name: `Open ${name}` }).click();
  const lightbox = page.getByRole("dialog");
  const detailsRequest = page.waitForRequest((request) => request.url().includes("/details"));
  await lightbox.getByRole("button", { name: "Details" }).click();
  await detailsRequest;
  const panel = lightbox.getByTestId("photo-details");
  await expect(panel).toContainText("Canon EOS R6");
  await expect(panel).toContainText("RF24-105mm F4 L IS USM");
  await expect(panel).toContainText("1/500 s · f/8 · ISO 200 · 35 mm");
  await expect(panel).toContainText("2022");
  await expect(panel).toContainText("59.32930, 18.06860");
  await expect(panel).toContainText("1024 × 768 px");

  const ours = (await listAllImages(page.request)).filter((image) => image.name === name);
  await deleteImagesById(page.request, ours.map((image) => image.id));
});
