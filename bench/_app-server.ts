/** The production build (`npm run build`) started for a bench, and a signed-in browser context on it. */
import type { BrowserContext } from "@playwright/test";
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

// Benches of several rig slots may run at once (scripts/services.sh): the port follows the slot.
export const benchPort = 3200 + 10 * Number(process.env.PIXBUCKET_RIG_SLOT || 0);
export const benchOrigin = `http://127.0.0.1:${benchPort}`;

/**
 * `next start` on `benchPort` with `env` on top of a clean configuration (a fresh data dir; local
 * storage and the embedded database unless `env` names others), resolved once /api/health answers.
 */
export async function startAppServer(env: Record<string, string>): Promise<ChildProcess> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "pixbucket-bench-app-"));
  // BENCH_CPU_PROFILE_DIR=/some/dir writes a V8 CPU profile of the server there when it stops.
  const profileDir = process.env.BENCH_CPU_PROFILE_DIR;
  const profileArgs = profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [];
  const server = spawn(process.execPath, [...profileArgs, path.join(process.cwd(), "node_modules/next/dist/bin/next"), "start", "-p", String(benchPort), "-H", "127.0.0.1"], {
    env: {
      ...process.env,
      PIXBUCKET_STORAGE: "",
      S3_ENDPOINT: "",
      S3_ACCESS_KEY_ID: "",
      S3_SECRET_ACCESS_KEY: "",
      S3_BUCKET_NAME: "",
      DATABASE_URL: "",
      NEXT_TELEMETRY_DISABLED: "1",
      PIXBUCKET_DATA_DIR: dataDir,
      PIXBUCKET_PUBLIC_URL: benchOrigin,
      LOG_LEVEL: "warn",
      ...env,
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
  server.on("exit", () => rmSync(dataDir, { recursive: true, force: true }));
  for (let attempt = 0; attempt < 300; attempt += 1) {
    const healthy = await fetch(`${benchOrigin}/api/health`).then((response) => response.ok).catch(() => false);
    if (healthy) return server;
    if (server.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  server.kill();
  throw new Error("the Pixbucket server did not become healthy");
}

/** SIGTERM, resolved once the server has exited (and so let go of an embedded database). */
export async function stopAppServer(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return;
  const exited = once(server, "exit");
  server.kill("SIGTERM");
  await exited;
}

/** Creates the first account on a fresh server and signs `context` in as it. */
export async function signInFirstAccount(context: BrowserContext): Promise<void> {
  const account = { email: "bench@example.test", name: "Bench", password: "bench password 1" };
  await context.request.post(`${benchOrigin}/api/setup`, { data: account });
  const signIn = await context.request.post(`${benchOrigin}/api/auth/sign-in/email`, { data: account, headers: { Origin: benchOrigin } });
  if (!signIn.ok()) throw new Error(`sign-in failed: ${signIn.status()}`);
}

/** Chromium as every bench launches it: Debian's, no GPU, no background traffic. */
export const chromiumLaunchOptions = {
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
};
