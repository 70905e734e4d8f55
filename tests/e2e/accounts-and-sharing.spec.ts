import { type Page } from "@playwright/test";
import { expect, test } from "./support/test";
import { signedOut } from "./support/auth-state";
import { e2eAdmin } from "./support/e2e-admin";
import { deleteImagesById, listAllImages } from "./support/images-api";
import { writeSampleImages, type SampleImage } from "./support/sample-images";

// A person's whole way through accounts and sharing, on each stack: signed out, every page sends
// them to sign-in (and back where they were going); they upload an image, share it with a
// password, someone with no account opens the link in a fresh browser and sees the image only
// after the password; the link is revoked and is gone; they sign out.
// This spec starts signed out (its own session), so signing out doesn't end the session the other
// specs share.

test.use({ storageState: signedOut });

const sharePassword = "open sesame 42";

let samples: Awaited<ReturnType<typeof writeSampleImages>>;
let sample: SampleImage;

test.beforeAll(async () => {
  samples = await writeSampleImages({ count: 1, prefix: `share-${test.info().project.name}-${Date.now().toString(36)}` });
  sample = samples.images[0]!;
});

test.afterAll(async () => {
  await samples?.remove();
});

async function signInThroughPage(page: Page, password: string): Promise<void> {
  await page.getByLabel("Email").fill(e2eAdmin.email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

test("sign in, upload, share with a password, open the link signed out, revoke it, sign out", async ({ page, browser, baseURL }) => {
  test.setTimeout(90_000);

  // Signed out: a page request goes to sign-in, which remembers where it was going; no app nav.
  await page.goto("/gallery");
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fgallery$/);
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" })).toHaveCount(0);
  expect((await page.request.get("/api/images")).status()).toBe(401);

  // A wrong password says so; the right one lands on the page asked for, signed in.
  await signInThroughPage(page, "not the password");
  await expect(page.locator("main").getByRole("alert")).toHaveText("Wrong email or password.");
  await signInThroughPage(page, e2eAdmin.password);
  await expect(page).toHaveURL(`${baseURL}/gallery`);
  await expect(page.getByTestId("signed-in-user")).toHaveText(e2eAdmin.name);

  // Upload one image through the upload page.
  await page.goto("/upload");
  await page.getByTestId("file-input").setInputFiles(sample.path);
  await expect(page.getByTestId("overall-progress-text")).toContainText("1 of 1 done", { timeout: 30_000 });
  const image = (await listAllImages(page.request)).find((listed) => listed.name === sample.name);
  expect(image, `${sample.name} is listed by the API`).toBeDefined();

  // Share it from the lightbox, for a day, with a password.
  await page.goto("/gallery");
  await page.locator(`[data-testid="image-card"][data-image-id="${image!.id}"]`).getByRole("button", { name: `Open ${sample.name}` }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Share" }).click();
  const shareDialog = page.getByRole("dialog", { name: `Share ${sample.name}` });
  await shareDialog.getByLabel("Link expires after").selectOption("1d");
  await shareDialog.getByLabel("Password (optional)").fill(sharePassword);
  await shareDialog.getByRole("button", { name: "Create link" }).click();
  const link = await shareDialog.getByTestId("share-link").inputValue();
  expect(link).toMatch(new RegExp(`^${baseURL}/s/[A-Za-z0-9_-]+$`));
  await shareDialog.getByRole("button", { name: "Done" }).click();

  // Someone else: a fresh browser with no cookies. The image shows only after the password.
  const stranger = await browser.newContext({ storageState: signedOut });
  try {
    const visitor = await stranger.newPage();
    await visitor.goto(link);
    await expect(visitor.getByRole("heading", { name: "This share is protected" })).toBeVisible();
    await expect(visitor.getByRole("img", { name: sample.name })).toHaveCount(0);
    await visitor.getByLabel("Password").fill("a wrong guess");
    await visitor.getByRole("button", { name: "View images" }).click();
    await expect(visitor.getByRole("alert").filter({ hasText: "password" })).toHaveText("That password is not right.");
    await visitor.getByLabel("Password").fill(sharePassword);
    await visitor.getByRole("button", { name: "View images" }).click();
    const shown = visitor.getByRole("img", { name: sample.name });
    await expect(shown).toBeVisible();
    await expect.poll(() => shown.evaluate((element) => (element as HTMLImageElement).naturalWidth)).toBe(sample.width);
    await expect(visitor.getByTestId("signed-in-user")).toHaveCount(0);

    // Revoke it on the Shared page (the newest share is this one).
    const shares = (await (await page.request.get("/api/shares?limit=1")).json()) as { shares: { id: string }[] };
    const shareId = shares.shares[0]!.id;
    await page.goto("/shared");
    const row = page.locator(`[data-testid="share-row"][data-share-id="${shareId}"]`);
    await row.getByRole("button", { name: "Revoke" }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Revoke link" }).click();
    await expect(row).toContainText("Revoked");

    // The link is gone: for the visitor who had unlocked it, and for anyone new.
    await visitor.goto(link);
    await expect(visitor.getByTestId("share-not-found")).toBeVisible();
    await expect(visitor.getByRole("img", { name: sample.name })).toHaveCount(0);
    const newcomer = await browser.newContext({ storageState: signedOut });
    const fresh = await newcomer.newPage();
    await fresh.goto(link);
    await expect(fresh.getByTestId("share-not-found")).toBeVisible();
    await newcomer.close();
  } finally {
    await stranger.close();
  }

  // Tidy up while signed in, then sign out: the pages send us back to sign-in.
  expect(await deleteImagesById(page.request, [image!.id])).toBe(1);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByRole("navigation", { name: "Main" })).toHaveCount(0);
  await page.goto("/settings");
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fsettings$/);
  expect((await page.request.get("/api/me")).status()).toBe(401);
});

test("an admin revokes an unused invite in Settings, and its link stops working", async ({ page, request }) => {
  await page.goto("/sign-in");
  await signInThroughPage(page, e2eAdmin.password);
  await expect(page.getByTestId("signed-in-user")).toHaveText(e2eAdmin.name);

  await page.goto("/settings");
  const email = `invitee-${test.info().project.name}-${Date.now().toString(36)}@example.test`;
  await page.getByLabel("Email (optional)").fill(email);
  await page.getByRole("button", { name: "Create link" }).click();
  const link = (await page.getByTestId("invite-link").locator("code").textContent())!;
  const token = new URL(link).pathname.split("/").pop()!;

  const row = page.getByTestId("invite-row").filter({ hasText: email });
  await expect(row).toBeVisible();
  await row.getByRole("button", { name: `Revoke invite for ${email}` }).click();
  await page.getByRole("button", { name: "Revoke invite", exact: true }).click();
  await expect(row).toHaveCount(0);

  const accepted = await request.post(`/api/invites/${token}/accept`, { data: { email, name: "Too late", password: "a long enough password 1" } });
  expect(accepted.status()).toBe(404);
});
