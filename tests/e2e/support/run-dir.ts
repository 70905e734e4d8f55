import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/**
 * The run's scratch dir. A config is loaded by the runner and again by every worker; the env var
 * makes them share one dir, and only the process that created it deletes it (after the servers stop).
 */
export function ensureRunDir(prefix: string): string {
  if (!process.env.PIXBUCKET_E2E_RUN_DIR) {
    const runDir = mkdtempSync(path.join(tmpdir(), prefix));
    process.env.PIXBUCKET_E2E_RUN_DIR = runDir;
    process.on("exit", () => rmSync(runDir, { recursive: true, force: true }));
  }
  return process.env.PIXBUCKET_E2E_RUN_DIR;
}
