import { parseArgs } from "node:util";
import type { CliIo } from "../cli-io";
import { formatBackfillProgress } from "../backfill/format-backfill-progress";
import { formatDuration } from "../upload/progress-format";
import { UsageError, exitCodes } from "../usage-error";

function parseLimit(argv: string[]): number | undefined {
  let values: { limit?: string };
  try {
    ({ values } = parseArgs({ args: argv, strict: true, options: { limit: { type: "string" } } }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.limit === undefined) return undefined;
  const limit = Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1) throw new UsageError("--limit must be a whole number of rows, 1 or more.");
  return limit;
}

/** How long to wait for the server's own backfill batch to finish before trying again. */
const LOCKED_RETRY_MS = 1000;
const LOCKED_MAX_TRIES = 60;

/**
 * `pixbucket backfill [--limit N]`: reads the date taken again for images indexed before it was
 * stored, now instead of a batch per sweeper tick. On a terminal one progress line is redrawn; in
 * a pipe each batch prints a line. Safe to stop and run again: it resumes where it stopped.
 */
export async function runBackfill(argv: string[], io: CliIo): Promise<number> {
  const limit = parseLimit(argv);
  process.chdir(io.appRoot);
  process.env.LOG_LEVEL ||= "warn";
  const [{ getConfig }, { createRuntime }, { backfillMetadata, countStaleRows }] = await Promise.all([
    import("@/server/config"),
    import("@/server/runtime"),
    import("@/server/images/backfill-metadata"),
  ]);
  const runtime = await createRuntime(getConfig());
  try {
    const stale = await countStaleRows(runtime.db);
    const rowsTotal = limit === undefined ? stale : Math.min(limit, stale);
    const started = Date.now();
    const isTerminal = io.stdout.isTTY === true;
    let summary = null;
    for (let tries = 0; tries < LOCKED_MAX_TRIES && summary === null; tries += 1) {
      if (tries > 0) await new Promise((resolve) => setTimeout(resolve, LOCKED_RETRY_MS));
      summary = await backfillMetadata(runtime, {
        maxRows: limit,
        onBatch: (counts) => {
          const line = formatBackfillProgress({ ...counts, rowsDone: counts.updated + counts.failed, rowsTotal, secondsElapsed: (Date.now() - started) / 1000 });
          io.stdout.write(isTerminal ? `\r${line}\x1b[K` : `${line}\n`);
        },
      });
    }
    if (isTerminal) io.stdout.write("\n");
    if (!summary) {
      io.stderr.write("Another instance kept the backfill busy for a minute; it is running there, or try again later.\n");
      return exitCodes.failed;
    }
    io.stdout.write(
      `\nupdated     ${summary.updated} (${summary.dated} with a date taken)\n` +
        `unreadable  ${summary.unreadable} (original missing or undecodable; marked done without a date)\n` +
        `failed      ${summary.failed} (storage errors; run again to retry)\n` +
        `left        ${await countStaleRows(runtime.db)}\n` +
        `took        ${formatDuration((Date.now() - started) / 1000)}\n`,
    );
    return summary.failed > 0 ? exitCodes.failed : exitCodes.ok;
  } finally {
    await runtime.stop();
  }
}

export const backfillHelp = `Usage: pixbucket backfill [--limit N]

Reads the date a photo was taken (EXIF DateTimeOriginal) again for images indexed before Pixbucket
stored it, so "Date taken" sorts and filters see them. Each original is read from the bucket with
one ranged GET of its first 128 KiB (the whole file only for a WebP or PNG whose EXIF sits after
the pixels). The server does the same in the background, a batch of 200 each sweeper tick; this
command does it all now, with progress. Safe to stop and run again: it resumes where it stopped,
and a run with nothing left to do changes nothing. An original that is missing or unreadable is
counted and marked done without a date. Uses the server's environment variables; with the
embedded database, stop the server first.

  --limit N    stop after N images (the rest are left for the next run)
`;
