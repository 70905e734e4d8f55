import { expect, test } from "./support/test";
import { expectEachPartAcceptedOnce, expectNotResent, expectStoredAndCleanUp, startHeldPanoramaUpload, uploadRow } from "./support/at-scale";

// A ~190 MB image in parts through a network cut and through a page reload, on both stacks: each
// finished part must reach storage exactly once.

test("a ~190 MB image goes up in parts, survives a network cut, and no finished part is sent twice", async ({ page, context }, testInfo) => {
  test.setTimeout(180_000);
  const { origin, file, partCount, traffic, held, setMode, row, startedMs } = await startHeldPanoramaUpload(page, context, testInfo, "before-cut");

  // The link goes down: the browser reports offline, and what was in flight fails.
  traffic.phase = "offline";
  setMode("drop");
  await context.setOffline(true);
  for (const route of held.splice(0)) await route.abort("internetdisconnected").catch(() => undefined);
  await expect(page.getByTestId("offline-notice")).toBeVisible();
  await expect(row).toContainText("paused");
  await expect(row).toHaveAttribute("data-state", "uploading");

  // It comes back: the upload continues by itself and completes.
  traffic.phase = "after-cut";
  setMode("pass");
  await context.setOffline(false);
  await expect(row).toHaveAttribute("data-state", "done", { timeout: 120_000 });
  const seconds = (Date.now() - startedMs) / 1000;
  console.log(`[${testInfo.project.name}] ${(file.size / 1e6).toFixed(0)} MB in ${partCount} parts with a network cut: done in ${seconds.toFixed(1)} s`);
  await expect(page.getByTestId("offline-notice")).toBeHidden();

  expectEachPartAcceptedOnce(traffic, partCount);
  expectNotResent(traffic, "before-cut", ["after-cut"], "parts storage had before the cut were not sent again");
  expect(traffic.accepted("offline"), "nothing got through while offline").toEqual(new Set());
  await expectStoredAndCleanUp(page, origin, file);
});

test("a reload mid-upload brings the upload back; re-adding the file finishes it without re-sending parts", async ({ page, context }, testInfo) => {
  test.setTimeout(180_000);
  const { origin, file, partCount, traffic, held, setMode } = await startHeldPanoramaUpload(page, context, testInfo, "before-reload");
  // The page asks before leaving while uploads run; the person confirms.
  page.on("dialog", (dialog) => void dialog.accept());

  setMode("drop");
  for (const route of held.splice(0)) await route.abort("internetdisconnected").catch(() => undefined);
  await page.reload();
  traffic.phase = "after-reload";
  setMode("pass");

  const interrupted = page.getByTestId("interrupted-uploads");
  await expect(interrupted).toContainText("1 upload was interrupted");
  await expect(interrupted).toContainText("Re-add these files to resume");
  await expect(interrupted).toContainText(file.name);
  await expect(page.getByTestId("upload-row")).toHaveCount(0);

  await page.getByTestId("file-input").setInputFiles(file.path);
  await expect(interrupted).toBeHidden();
  const row = uploadRow(page, file.name);
  await expect(row).toHaveAttribute("data-state", "done", { timeout: 120_000 });

  expectEachPartAcceptedOnce(traffic, partCount);
  const resent = [...traffic.requested("after-reload")].filter((partNumber) => traffic.accepted("before-reload").has(partNumber));
  expect(resent, "parts storage had before the reload were not sent again").toEqual([]);
  // The journal is cleared once the upload is done: another reload shows nothing to resume.
  await page.reload();
  await expect(page.getByRole("heading", { name: "Upload images" })).toBeVisible();
  await expect(interrupted).toBeHidden();
  await expectStoredAndCleanUp(page, origin, file);
});

