import { spawnSync } from "node:child_process";
import { expect, test } from "./support/test";
import { expectEachPartAcceptedOnce, expectNotResent, expectStoredAndCleanUp, startHeldPanoramaUpload } from "./support/at-scale";

// RGW itself is stopped in the middle of a browser's multipart upload and started again. The e2e
// suite runs one test at a time, so nothing else is using storage meanwhile.

function rig(command: "stop-s3" | "start-s3"): void {
  const result = spawnSync("bash", ["scripts/services.sh", command], { encoding: "utf8", timeout: 120_000 });
  if (result.status !== 0) throw new Error(`scripts/services.sh ${command} failed:\n${result.stdout}\n${result.stderr}`);
}

test("RGW stopped mid-upload: the browser waits and retries, and finishes once RGW is back without re-sending finished parts", async ({ page, context }, testInfo) => {
  test.setTimeout(300_000);
  const { origin, file, partCount, traffic, held, setMode, row } = await startHeldPanoramaUpload(page, context, testInfo, "before-outage");

  rig("stop-s3");
  let isStorageDown = true;
  try {
    // The held parts now go out to a storage server that is not there.
    traffic.phase = "outage";
    setMode("pass");
    for (const route of held.splice(0)) await route.continue().catch(() => undefined);
    await expect.poll(() => traffic.attempts.filter((attempt) => attempt.phase === "outage" && attempt.failure !== undefined).length, { timeout: 30_000 }).toBeGreaterThan(0);
    // Down for a while longer: the file waits to retry; it is not given up on.
    await page.waitForTimeout(5_000);
    await expect(row).not.toHaveAttribute("data-state", "failed");
    expect(traffic.accepted("outage"), "nothing is accepted while storage is down").toEqual(new Set());
    traffic.phase = "recovered";
    rig("start-s3");
    isStorageDown = false;
  } finally {
    if (isStorageDown) rig("start-s3");
  }

  await expect(row).toHaveAttribute("data-state", "done", { timeout: 180_000 });
  expectEachPartAcceptedOnce(traffic, partCount);
  expectNotResent(traffic, "before-outage", ["outage", "recovered"], "parts storage had before the outage were not sent again");
  await expectStoredAndCleanUp(page, origin, file);
});
