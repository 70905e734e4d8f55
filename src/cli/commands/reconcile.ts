import { parseArgs } from "node:util";
import type { CliIo } from "../cli-io";
import { UsageError, exitCodes } from "../usage-error";

/** `pixbucket reconcile [--dry-run]`: one reconcile run now, with the server's config; prints the report. */
export async function runReconcile(argv: string[], io: CliIo): Promise<number> {
  let values: { "dry-run"?: boolean };
  try {
    ({ values } = parseArgs({ args: argv, strict: true, options: { "dry-run": { type: "boolean" } } }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  process.chdir(io.appRoot);
  process.env.LOG_LEVEL ||= "warn";
  const [{ getConfig }, { createRuntime }, { reconcileStorage }] = await Promise.all([
    import("@/server/config"),
    import("@/server/runtime"),
    import("@/server/reconcile/reconcile-storage"),
  ]);
  const runtime = await createRuntime(getConfig());
  try {
    const isDryRun = values["dry-run"] === true;
    const run = await reconcileStorage({ ...runtime, now: () => new Date() }, { trigger: "cli", isDryRun });
    if (!run?.counts) {
      io.stderr.write("Another reconcile is running (on this or another instance); try again when it has finished.\n");
      return exitCodes.failed;
    }
    const c = run.counts;
    const verb = isDryRun ? "would be " : "";
    io.stdout.write(
      `${isDryRun ? "Dry run: nothing was changed.\n" : ""}` +
        `images checked         ${c.imagesChecked}\n` +
        `marked missing         ${c.markedMissing} ${verb}(found again: ${c.foundAgain})\n` +
        `renditions regenerated ${c.renditionsRegenerated}\n` +
        `objects listed         ${c.objectsListed}\n` +
        `orphans ${isDryRun ? "to remove " : "removed   "}     ${c.orphansRemoved} (${c.orphanBytes} bytes)\n` +
        `errors                 ${c.errors}\n`,
    );
    for (const [kind, keys] of Object.entries(run.samples ?? {})) for (const key of keys) io.stdout.write(`  ${kind}: ${key}\n`);
    return c.errors > 0 ? exitCodes.failed : exitCodes.ok;
  } finally {
    await runtime.stop();
  }
}

export const reconcileHelp = `Usage: pixbucket reconcile [--dry-run]

Makes the index and the bucket agree, with the server's environment variables: images whose
original is gone are marked missing (shown as removable in the gallery), lost thumbnails are drawn
again from the original, and objects under Pixbucket's own prefixes (images/, shared/,
pixbucket-doctor/) that nothing owns and that are older than the longest upload URL lifetime are
deleted. Objects elsewhere in the bucket are never touched. The server also runs this on the
sweeper's schedule (PIXBUCKET_RECONCILE_INTERVAL_SECONDS, once across instances).

  --dry-run   report what would change, change nothing
`;
