import { parseArgs } from "node:util";
import type { CliIo } from "../cli-io";
import { formatChecks, type CheckLine } from "../doctor/format-checks";
import { UsageError, exitCodes } from "../usage-error";

/**
 * `pixbucket doctor [--json] [--fix]`: runs the storage checks Settings → Storage shows, with the
 * server's own config (environment variables). Needs no database and no running server.
 */
export async function runDoctor(argv: string[], io: CliIo): Promise<number> {
  let values: { json?: boolean; fix?: boolean };
  try {
    ({ values } = parseArgs({ args: argv, strict: true, options: { json: { type: "boolean" }, fix: { type: "boolean" } } }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  process.chdir(io.appRoot); // relative paths in the config mean what they mean to the server
  const [{ loadConfig, ConfigError }, { runStorageChecks }] = await Promise.all([import("@/server/config"), import("@/server/storage-check/run-storage-checks")]);

  let results: CheckLine[];
  try {
    results = await runStorageChecks(loadConfig(io.env), { fix: values.fix === true });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    results = [{ name: "config", status: "fail", message: error.message, fix: "Correct the variable (every one is described in .env.example and the README's configuration table)." }];
  }
  io.stdout.write(values.json ? `${JSON.stringify({ checks: results }, null, 2)}\n` : formatChecks(results));
  return results.some((result) => result.status === "fail") ? exitCodes.failed : exitCodes.ok;
}

export const doctorHelp = `Usage: pixbucket doctor [--json] [--fix]

Checks that storage works for Pixbucket, with the same environment variables as the server
(S3_ENDPOINT, S3_BUCKET_NAME, PIXBUCKET_PUBLIC_URL …): endpoint, credentials, bucket and region,
addressing style, clock skew, a presigned upload round trip, multipart, the browser's CORS
preflight, checksum parameters and the lifecycle rule. Every failure says how to fix it for the
storage vendor it detected. Exit status 0 when nothing failed, 1 otherwise.

  --json    print {"checks": [{"name", "status", "message", "fix"?}]} instead of lines
  --fix     apply the CORS rule when that check fails and the vendor takes it through the S3 API
`;
