import path from "node:path";
import { wantsHelp } from "./args";
import type { CliIo } from "./cli-io";
import { backfillHelp, runBackfill } from "./commands/backfill";
import { doctorHelp, runDoctor } from "./commands/doctor";
import { reconcileHelp, runReconcile } from "./commands/reconcile";
import { reindexHelp, runReindex } from "./commands/reindex";
import { runUpload, uploadHelp } from "./commands/upload";
import { runUserCreate, userCreateHelp } from "./commands/user-create";
import { UsageError, exitCodes } from "./usage-error";

const help = `Usage: pixbucket <command> [options]

Commands:
  upload <files or folders…>   upload images to a Pixbucket server (needs an API token)
  user create                  create an account in this server's database
  doctor [--json] [--fix]      check that storage works for Pixbucket, with the fix for each failure
  reconcile [--dry-run]        make index and bucket agree (missing originals, lost thumbnails, orphans)
  reindex --owner EMAIL        adopt images already in the bucket ([--prefix P] [--dry-run] [--concurrency N])
  backfill [--limit N]         read the date taken again for images indexed before it was stored

Run "pixbucket <command> --help" for a command's options.
`;

async function run(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined) {
    io.stderr.write(help);
    return exitCodes.usage;
  }
  if (command === "--help" || command === "-h" || command === "help") {
    io.stdout.write(help);
    return exitCodes.ok;
  }
  if (command === "upload") {
    if (!wantsHelp(rest)) return runUpload(rest, io);
    io.stdout.write(uploadHelp);
    return exitCodes.ok;
  }
  if (command === "doctor") {
    if (!wantsHelp(rest)) return runDoctor(rest, io);
    io.stdout.write(doctorHelp);
    return exitCodes.ok;
  }
  if (command === "reconcile") {
    if (!wantsHelp(rest)) return runReconcile(rest, io);
    io.stdout.write(reconcileHelp);
    return exitCodes.ok;
  }
  if (command === "reindex") {
    if (!wantsHelp(rest)) return runReindex(rest, io);
    io.stdout.write(reindexHelp);
    return exitCodes.ok;
  }
  if (command === "backfill") {
    if (!wantsHelp(rest)) return runBackfill(rest, io);
    io.stdout.write(backfillHelp);
    return exitCodes.ok;
  }
  if (command === "user") {
    const [sub, ...options] = rest;
    if (sub !== "create") throw new UsageError(sub ? `Unknown user command "${sub}"; the one there is: user create.` : "user: what to do? (user create)");
    if (!wantsHelp(options)) return runUserCreate(options, io);
    io.stdout.write(userCreateHelp);
    return exitCodes.ok;
  }
  throw new UsageError(`Unknown command "${command}".`);
}

const io: CliIo = {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
  appRoot: path.resolve(import.meta.dirname, "..", ".."),
};

// process.exit, not exitCode: idle keep-alive sockets must not hold a finished run open.
run(process.argv.slice(2), io).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`pixbucket: ${error.message}\nRun "pixbucket --help" for usage.\n`);
      process.exit(exitCodes.usage);
    }
    process.stderr.write(`pixbucket: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(exitCodes.failed);
  },
);
