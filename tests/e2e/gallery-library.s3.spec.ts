import { readFile } from "node:fs/promises";
import { type Page } from "@playwright/test";
import { expect, test } from "./support/test";
import pg from "pg";
import { wallpaperPhotos } from "../fixtures/wallpaper-photos";
import { md5Base64 } from "../fixtures/images";
import { metadata, originOf, runTag } from "./support/at-scale";
import { signIn } from "./support/e2e-session";
import { runCacheDir } from "./support/noise-images";

// A library far larger than a screen: one real photo is uploaded, then copied in the index as
// thousands of rows (dates taken spread over twenty years) that all point at its thumbnail. The
// grid must keep its DOM small however far it is scrolled, and search, sort, type and date
// filters must live in the URL.

const COPIES = 3000;
/** Cards in the DOM may never exceed this, however far one scrolls. */
const MAX_CARDS_IN_DOM = 300;

async function uploadSeed(page: Page, origin: string, name: string): Promise<string> {
  const [photo] = await wallpaperPhotos({ count: 1, prefix: name.replace(/\.jpg$/, ""), dir: runCacheDir("gallery-library") });
  const bytes = await readFile(photo!.path);
  const signed = await page.request.post(`${origin}/api/uploads`, {
    headers: { origin },
    data: { files: [{ name, type: "image/jpeg", size: bytes.length, md5: md5Base64(bytes) }] },
  });
  expect(signed.status(), await signed.text()).toBe(200);
  const [upload] = ((await signed.json()) as { uploads: { id: string; url: string; headers: Record<string, string> }[] }).uploads;
  const put = await fetch(upload!.url, { method: "PUT", headers: upload!.headers, body: bytes });
  expect(put.status).toBe(200);
  const completed = await page.request.post(`${origin}/api/uploads/${upload!.id}/complete`, { headers: { origin } });
  expect(completed.status(), await completed.text()).toBe(201);
  return upload!.id;
}

/** COPIES rows like the seed's, named `<prefix>-00001.jpg`…, taken one every ~2.4 days from 2005 on. */
async function copyInIndex(databaseUrl: string, seedId: string, prefix: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(
      `insert into images
       select (jsonb_populate_record(seed, jsonb_build_object(
         'id', $2 || lpad(n::text, 5, '0'),
         'key', seed.key || '-copy-' || n,
         'name', $2 || '-' || lpad(n::text, 5, '0') || '.jpg',
         'created_at', seed.created_at - make_interval(secs => n),
         'taken_at', timestamptz '2005-01-01 12:00+00' + make_interval(hours => n * 58)))).*
       from images seed, generate_series(1, $3::int) n
       where seed.id = $1`,
      [seedId, prefix, COPIES],
    );
  } finally {
    await client.end();
  }
}

async function removeCopies(databaseUrl: string, prefix: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query("delete from images where name like $1", [`${prefix}-%`]);
  } finally {
    await client.end();
  }
}

const cardsInDom = (page: Page) => page.getByTestId("image-card").count();

test("a 3,000-image library: the grid's DOM stays small to the end; search, sort, type and date live in the URL", async ({ page, context }, testInfo) => {
  test.setTimeout(300_000);
  const origin = originOf(testInfo);
  const { databaseUrl } = metadata(testInfo);
  if (!databaseUrl) throw new Error("the s3 project's metadata names no databaseUrl");
  await signIn(context, origin);
  const prefix = `lib${runTag}`;
  const seedId = await uploadSeed(page, origin, `${prefix}-seed.jpg`);
  await copyInIndex(databaseUrl, seedId, prefix);
  try {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`/gallery?q=${prefix}`);
    const toolbar = page.getByRole("toolbar", { name: "Selection" });
    await expect(page.getByTestId("image-card").first()).toBeVisible();
    await expect(page.getByLabel("Search by name")).toHaveValue(prefix);

    // Scroll to the end: every page loads, and the DOM never holds more than a window of cards.
    let most = 0;
    for (let step = 0; step < 400; step += 1) {
      await page.evaluate(() => window.scrollBy(0, window.innerHeight * 3));
      await page.waitForTimeout(40);
      most = Math.max(most, await cardsInDom(page));
      if ((await toolbar.textContent())?.includes(`${COPIES + 1} matches`)) break;
    }
    await expect(toolbar).toContainText(`${COPIES + 1} matches`, { timeout: 30_000 });
    expect(most, "cards in the DOM at any one time").toBeLessThanOrEqual(MAX_CARDS_IN_DOM);
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    // The oldest upload is the last copy, and it is on screen at the bottom.
    await expect(page.locator(`[data-testid="image-card"][data-image-id="${prefix}${String(COPIES).padStart(5, "0")}"]`)).toBeVisible();
    expect(await cardsInDom(page)).toBeLessThanOrEqual(MAX_CARDS_IN_DOM);

    // Sort by name: in the URL, kept by a reload, undone by Back.
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.getByLabel("Sort").selectOption("name");
    await expect(page).toHaveURL(/sort=name/);
    const firstCard = page.getByTestId("image-card").first();
    await expect(firstCard).toHaveAttribute("data-image-id", `${prefix}00001`);
    await page.reload();
    await expect(page.getByLabel("Sort")).toHaveValue("name");
    await expect(firstCard).toHaveAttribute("data-image-id", `${prefix}00001`);
    await page.goBack();
    await expect(page).not.toHaveURL(/sort=/);
    await expect(page.getByLabel("Sort")).toHaveValue("newest");

    // A type with nothing in it: no matches, and the way back.
    await page.getByRole("button", { name: "PNG" }).click();
    await expect(page).toHaveURL(/type=image%2Fpng/);
    await expect(page.getByTestId("gallery-no-match")).toBeVisible();
    await page.getByRole("button", { name: "PNG" }).click();
    await expect(firstCard).toBeVisible();

    // Date taken, newest first, then jump to 2010: the list starts in 2010.
    await page.getByLabel("Sort").selectOption("taken-newest");
    await page.getByLabel("Jump to year").selectOption("2010");
    await expect(page).toHaveURL(/takenTo=2010-12-31/);
    await expect(page.getByLabel("Taken until")).toHaveValue("2010-12-31");
    const firstId = await firstCard.getAttribute("data-image-id");
    const first = (await (await page.request.get(`${origin}/api/images/${firstId}`)).json()) as { image: { takenAt: string } };
    expect(first.image.takenAt.slice(0, 4)).toBe("2010");

    // The library's size is shown with the filters.
    await expect(page.getByTestId("library-usage")).toContainText(/Your library: [\d,]+ images? · /);
  } finally {
    await removeCopies(databaseUrl, prefix);
    await page.request.delete(`${origin}/api/images/${seedId}`, { headers: { origin } });
  }
});
