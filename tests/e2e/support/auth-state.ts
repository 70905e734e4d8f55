import path from "node:path";

/**
 * Where a project's signed-in browser state is kept: written by the `<project>-setup` project
 * (auth.setup.ts), loaded by the project through `use.storageState`. It lives in the run dir,
 * which playwright.config.ts creates and shares with workers as PIXBUCKET_E2E_RUN_DIR.
 */
export function authStatePath(project: string): string {
  const runDir = process.env.PIXBUCKET_E2E_RUN_DIR;
  if (!runDir) throw new Error("PIXBUCKET_E2E_RUN_DIR is not set: run the e2e tests through playwright.config.ts");
  return path.join(runDir, `auth-${project}.json`);
}

/** A browser with no cookies at all, for "signed out" and "someone else opens the link". */
export const signedOut = { cookies: [], origins: [] };
