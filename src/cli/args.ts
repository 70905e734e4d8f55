import { parseArgs } from "node:util";
import { UsageError } from "./usage-error";

export type Env = Record<string, string | undefined>;

export interface UploadArgs {
  paths: string[];
  /** The app's origin, without a trailing slash. */
  server: string;
  token: string;
  concurrency: number;
  /** Upload files the library already holds (same bytes) as second copies instead of skipping them. */
  allowDuplicates: boolean;
  /** Put every uploaded image (and every one the library already held) into this album, made if missing. */
  album: string | null;
}

export interface UserCreateArgs {
  email: string;
  name: string | undefined;
  isAdmin: boolean;
}

/** Runs node's strict parser and turns its complaints ("Unknown option '--x'") into a UsageError. */
function orUsageError<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message.replace(/\. To specify a positional argument.*$/s, ".") : String(error));
  }
}

export function wantsHelp(argv: string[]): boolean {
  return argv.includes("--help") || argv.includes("-h");
}

function normalizeServer(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`--server must be a URL like https://pix.example.com (got "${value}").`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new UsageError(`--server must be an http or https URL (got "${value}").`);
  return url.toString().replace(/\/+$/, "");
}

/** `upload <files or folders…> [--server URL] [--token TOKEN] [--concurrency N]`, with env fallbacks. */
export function parseUploadArgs(argv: string[], env: Env): UploadArgs {
  const { values, positionals } = orUsageError(() =>
    parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        server: { type: "string", short: "s" },
        token: { type: "string", short: "t" },
        concurrency: { type: "string", short: "c" },
        "allow-duplicates": { type: "boolean" },
        album: { type: "string", short: "a" },
      },
    }),
  );
  if (positionals.length === 0) throw new UsageError("Name at least one file or folder to upload.");
  const server = values.server ?? env.PIXBUCKET_URL;
  if (!server) throw new UsageError("Which server? Pass --server URL or set PIXBUCKET_URL.");
  const token = values.token ?? env.PIXBUCKET_TOKEN;
  if (!token) throw new UsageError("No API token: pass --token TOKEN or set PIXBUCKET_TOKEN (create one under Settings → API tokens).");
  const concurrency = values.concurrency === undefined ? 4 : Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 32) throw new UsageError("--concurrency must be a whole number from 1 to 32.");
  const album = values.album?.trim() ?? null;
  if (album !== null && (album.length === 0 || album.length > 200)) throw new UsageError("--album needs a name of 1 to 200 characters.");
  return { paths: positionals, server: normalizeServer(server), token: token.trim(), concurrency, allowDuplicates: values["allow-duplicates"] ?? false, album };
}

/** `user create [--admin] --email E [--name N] --password-stdin` */
export function parseUserCreateArgs(argv: string[]): UserCreateArgs {
  const { values, positionals } = orUsageError(() =>
    parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        email: { type: "string", short: "e" },
        name: { type: "string", short: "n" },
        admin: { type: "boolean" },
        "password-stdin": { type: "boolean" },
      },
    }),
  );
  if (positionals.length > 0) throw new UsageError(`Unexpected argument "${positionals[0]}".`);
  if (!values.email) throw new UsageError("--email is required.");
  if (!values["password-stdin"]) {
    throw new UsageError("Pass --password-stdin and send the password on standard input, e.g. printf '%s' \"$PASSWORD\" | pixbucket user create …");
  }
  return { email: values.email.trim(), name: values.name?.trim() || undefined, isAdmin: values.admin === true };
}
