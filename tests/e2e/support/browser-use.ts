import type { PlaywrightTestConfig } from "@playwright/test";

/** What every e2e config runs its browser with: Debian's Chromium, nothing downloaded. */
export const browserUse: PlaywrightTestConfig["use"] = {
  browserName: "chromium",
  launchOptions: {
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  },
  trace: "retain-on-failure",
  screenshot: "only-on-failure",
};
