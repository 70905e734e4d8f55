import { parseUserCreateArgs } from "../args";
import { readPassword } from "../read-password";
import { UsageError, exitCodes } from "../usage-error";
import type { CliIo } from "../cli-io";

/**
 * `pixbucket user create`: makes an account directly in the configured database, with the same
 * config (environment variables) and services as the server. The first account must be the admin
 * and goes through the first-run step, so it inherits the images uploaded before accounts existed.
 */
export async function runUserCreate(argv: string[], io: CliIo): Promise<number> {
  const args = parseUserCreateArgs(argv);
  const password = await readPassword(io.stdin, io.stderr);
  if (password === "") throw new UsageError("The password on standard input is empty.");

  // Relative paths in the config (the data dir, the migrations) mean what they mean to the server.
  process.chdir(io.appRoot);
  process.env.LOG_LEVEL ||= "warn"; // the runtime's start-up line is noise here
  // Loaded only now: `upload` and `--help` never touch the server's modules.
  const [{ getConfig }, { createRuntime }, { createPublicContext }, { createFirstAdmin, hasAnyUser }, { unsafeCreateUser }, { describeZodError }, { AppError }, { z }] =
    await Promise.all([
      import("@/server/config"),
      import("@/server/runtime"),
      import("@/server/context"),
      import("@/server/users/create-first-admin"),
      import("@/server/users/create-user"),
      import("@/server/http/error-response"),
      import("@/server/errors"),
      import("zod"),
    ]);

  const runtime = await createRuntime(getConfig());
  try {
    const ctx = createPublicContext(runtime);
    const isFirst = !(await hasAnyUser(ctx));
    if (isFirst && !args.isAdmin) {
      io.stderr.write("There are no accounts yet, and the first one must be the admin: add --admin.\n");
      return exitCodes.failed;
    }
    const input = { email: args.email, name: args.name ?? args.email.split("@")[0] ?? args.email, password };
    const user = isFirst ? await createFirstAdmin(ctx, input) : await unsafeCreateUser(ctx, { ...input, role: args.isAdmin ? "admin" : "user" });
    io.stdout.write(`Created ${user.role === "admin" ? "admin" : "user"} ${user.email} (id ${user.id}).\n`);
    return exitCodes.ok;
  } catch (error) {
    if (error instanceof z.ZodError) {
      io.stderr.write(`Not created: ${describeZodError(error)}\n`);
      return exitCodes.failed;
    }
    if (error instanceof AppError) {
      io.stderr.write(`Not created: ${error.message}\n`);
      return exitCodes.failed;
    }
    throw error;
  } finally {
    await runtime.stop();
  }
}

export const userCreateHelp = `Usage: pixbucket user create [--admin] --email EMAIL [--name NAME] --password-stdin

Creates an account in the database the server is configured with (the same environment
variables: DATABASE_URL, PIXBUCKET_DATA_DIR, S3_* …). The first account must be --admin.
With the embedded database (no DATABASE_URL), stop the server first.

  --email, -e EMAIL    the account's email (it signs in with it)
  --name, -n NAME      display name (default: the part of the email before @)
  --admin              make an admin (may create users and invites, disable accounts)
  --password-stdin     read the password from standard input (typed unseen on a terminal)

Example:
  printf '%s' "$ADMIN_PASSWORD" | pixbucket user create --admin --email admin@example.com --password-stdin
`;
