import { parseArgs } from "node:util";
import { formatBytes } from "@/lib/format-bytes";
import type { CliIo } from "../cli-io";
import { formatReindexProgress } from "../reindex/format-reindex-progress";
import { formatDuration } from "../upload/progress-format";
import { UsageError, exitCodes } from "../usage-error";

interface ReindexArgs {
  email: string;
  prefix: string | undefined;
  isDryRun: boolean;
  concurrency: number;
}

function parseReindexArgs(argv: string[]): ReindexArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      options: { owner: { type: "string" }, prefix: { type: "string" }, "dry-run": { type: "boolean" }, concurrency: { type: "string" } },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values } = parsed;
  if (!values.owner) throw new UsageError("--owner EMAIL is required: adopted images need an owner.");
  const concurrency = values.concurrency === undefined ? 4 : Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 32) throw new UsageError("--concurrency must be a whole number from 1 to 32.");
  return { email: values.owner.trim().toLowerCase(), prefix: values.prefix, isDryRun: values["dry-run"] === true, concurrency };
}

/**
 * `pixbucket reindex --owner EMAIL [--prefix P] [--dry-run] [--concurrency N]`: adopts the images
 * already in the configured bucket. On a terminal one progress line is redrawn; in a pipe each
 * adopted or refused object gets a line. A summary table follows.
 */
export async function runReindex(argv: string[], io: CliIo): Promise<number> {
  const args = parseReindexArgs(argv);
  process.chdir(io.appRoot);
  process.env.LOG_LEVEL ||= "warn";
  const [{ getConfig }, { createRuntime }, { reindexBucket }, { countObjects }, { eq }, { users }] = await Promise.all([
    import("@/server/config"),
    import("@/server/runtime"),
    import("@/server/reindex/reindex-bucket"),
    import("@/server/reindex/count-objects"),
    import("drizzle-orm"),
    import("@/server/db/schema"),
  ]);
  const runtime = await createRuntime(getConfig());
  try {
    const [owner] = await runtime.db.select({ id: users.id }).from(users).where(eq(users.email, args.email));
    if (!owner) {
      io.stderr.write(`No account has the email ${args.email}; create it first (pixbucket user create).\n`);
      return exitCodes.failed;
    }
    const started = Date.now();
    let seen = 0;
    let bytes = 0;
    const isTerminal = io.stdout.isTTY === true;
    // The count is only for the terminal's "time left"; a failed count just leaves it unknown.
    let objectsTotal: number | undefined;
    if (isTerminal) {
      countObjects(runtime.storage, args.prefix ?? "").then(
        (count) => (objectsTotal = count),
        () => undefined,
      );
    }
    const summary = await reindexBucket(
      { ...runtime, now: () => new Date() },
      {
        ownerId: owner.id,
        prefix: args.prefix,
        isDryRun: args.isDryRun,
        concurrency: args.concurrency,
        onObject: (event) => {
          seen += 1;
          bytes += event.kind === "indexed" || event.kind === "would-index" || event.kind === "refused" ? event.size : 0;
          if (isTerminal) {
            const line = formatReindexProgress({ objectsSeen: seen, bytesRead: bytes, secondsElapsed: (Date.now() - started) / 1000, objectsTotal });
            io.stdout.write(`\r${line}\x1b[K`);
          } else if (event.kind === "indexed" || event.kind === "would-index") {
            io.stdout.write(`${event.kind} ${event.key}\n`);
          } else if (event.kind === "refused") {
            io.stdout.write(`refused ${event.key}: ${event.reason}\n`);
          }
        },
      },
    );
    if (isTerminal) io.stdout.write("\n");
    const seconds = (Date.now() - started) / 1000;
    io.stdout.write(
      `\n${args.isDryRun ? "Dry run: nothing was indexed.\n" : ""}` +
        `listed           ${summary.listed}\n` +
        `${args.isDryRun ? "would index     " : "indexed         "} ${summary.indexed}\n` +
        `already indexed  ${summary.alreadyIndexed}\n` +
        `refused          ${summary.refused} (left untouched)\n` +
        `Pixbucket's own  ${summary.skipped}\n` +
        `read             ${formatBytes(summary.bytesRead)} in ${formatDuration(seconds)}\n`,
    );
    return exitCodes.ok;
  } finally {
    await runtime.stop();
  }
}

export const reindexHelp = `Usage: pixbucket reindex --owner EMAIL [--prefix P] [--dry-run] [--concurrency N]

Adopts images that are already in the configured bucket (put there by another app, aws s3 sync or
rclone): every object not yet indexed is checked like an upload (type from its bytes, a full
decode, the pixel limit), thumbnailed and listed for the owner under a name from its key
(a "<uuid>-<name>" key becomes "<name>"). Other files are reported and left untouched. Safe to
run again or after a crash: indexed objects are skipped. Uses the server's environment variables;
with the embedded database, stop the server first.

Deleting an adopted image in Pixbucket deletes its object from the bucket too.

  --owner EMAIL       the account the images will belong to
  --prefix P          only objects whose key starts with P
  --dry-run           report what would be indexed, index nothing
  --concurrency N     objects checked at once (default 4, 1 to 32)
`;
