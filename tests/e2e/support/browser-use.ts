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

/** How every e2e config runs its tests: one worker, in order, and a flaky test is fixed, not retried. */
export const runnerSettings = {
  workers: 1,
  fullyParallel: false,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  timeout: 60_000,
  reporter: [["list"]],
} satisfies PlaywrightTestConfig;
