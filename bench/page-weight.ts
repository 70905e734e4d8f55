/**
 * bench page-weight: compressed JavaScript each page makes Chromium download on an empty cache,
 * as transferred (gzip from `next start`), counted from DevTools' own network events until the page
 * is idle. The upload page is also measured after a photo is chosen, which is when the code only
 * uploading needs arrives. Floor: the JavaScript every page loads (framework, React, the app's
 * layout) — what no page can go below.
 * Needs a production build (`npm run build`); no rig (local storage, embedded database).
 */
import { chromium, type Page } from "@playwright/test";
import { realPhotoSources } from "../tests/fixtures/real-photos";
import { benchLine } from "./_measure";
import { benchOrigin, chromiumLaunchOptions, signInFirstAccount, startAppServer } from "./_app-server";

const pages = ["/upload", "/gallery", "/settings", "/shared", "/sign-in"];
/** The upload page's budget (the seed tutorial's upload page on an empty cache). */
const uploadBudgetKiB = 198;

interface Weight {
  /** Script URL → bytes on the wire (headers included, as DevTools counts a transfer). */
  scripts: Map<string, number>;
}

const kib = (bytes: number) => bytes / 1024;
const total = (weight: Weight) => [...weight.scripts.values()].reduce((sum, bytes) => sum + bytes, 0);

/** Records every script `page` downloads from now on. */
async function watchScripts(page: Page): Promise<Weight> {
  const weight: Weight = { scripts: new Map() };
  const cdp = await page.context().newCDPSession(page);
  const scriptUrls = new Map<string, string>();
  cdp.on("Network.responseReceived", (event) => {
    if (event.type === "Script") scriptUrls.set(event.requestId, event.response.url);
  });
  cdp.on("Network.loadingFinished", (event) => {
    const url = scriptUrls.get(event.requestId);
    if (url) weight.scripts.set(url, (weight.scripts.get(url) ?? 0) + event.encodedDataLength);
  });
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  return weight;
}

async function settle(page: Page): Promise<void> {
  await page.waitForLoadState("networkidle");
  // Chunks requested from idle callbacks (prefetches) come after the first idle moment.
  await page.waitForTimeout(1500);
  await page.waitForLoadState("networkidle");
}

export async function run(): Promise<void> {
  const server = await startAppServer({});
  const browser = await chromium.launch(chromiumLaunchOptions);
  const weights = new Map<string, Weight>();
  try {
    for (const path of pages) {
      // A new context per page: its own, empty cache.
      const context = await browser.newContext({ baseURL: benchOrigin });
      if (path !== "/sign-in") await signInFirstAccount(context);
      const page = await context.newPage();
      const weight = await watchScripts(page);
      await page.goto(path);
      await settle(page);
      weights.set(path, { scripts: new Map(weight.scripts) });
      console.log(`  ${path}: ${kib(total(weight)).toFixed(1)} KiB of JavaScript in ${weight.scripts.size} files`);
      if (path === "/upload") {
        await page.locator('[data-testid="file-input"]').setInputFiles(realPhotoSources()[0]!);
        await page.getByText("Done", { exact: true }).first().waitFor({ timeout: 120_000 });
        await settle(page);
        const later = total(weight) - total(weights.get(path)!);
        console.log(`  /upload after a photo is chosen and sent: +${kib(later).toFixed(1)} KiB (${kib(total(weight)).toFixed(1)} KiB in all)`);
      }
      await context.close();
    }
  } finally {
    await browser.close();
    server.kill("SIGTERM");
  }
  const everyPage = [...weights.values()].map((weight) => new Set(weight.scripts.keys()));
  const shared = [...weights.get("/upload")!.scripts].filter(([url]) => everyPage.every((urls) => urls.has(url)));
  const floorBytes = shared.reduce((sum, [, bytes]) => sum + bytes, 0);
  const uploadBytes = total(weights.get("/upload")!);
  console.log(`  loaded by every page (framework, React, layout): ${kib(floorBytes).toFixed(1)} KiB in ${shared.length} files`);
  console.log(`  upload page ${kib(uploadBytes).toFixed(1)} KiB against a budget of ${uploadBudgetKiB} KiB: ${kib(uploadBytes) <= uploadBudgetKiB ? "within" : "over"}`);
  console.log(benchLine("page-weight", kib(uploadBytes), kib(floorBytes), "KiB"));
}
