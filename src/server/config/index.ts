import "server-only";
import { randomBytes } from "node:crypto";
import { existsSync, linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ConfigError, parseConfig, type Env, type ParsedConfig } from "./parse-config";

export type Config = Readonly<ParsedConfig & { secret: string }>;
export { ConfigError };

/** As PIXBUCKET_SECRET requires: a shorter one is guessable enough to forge signed URLs and sessions. */
export const MIN_SECRET_CHARS = 32;

/**
 * The signing secret for local URLs and sessions is generated once into the data dir, so restarts
 * keep URLs valid and several instances sharing the dir agree. It is written whole to a temp file
 * and then hard-linked into place: link() fails if the name exists, so the first writer wins and
 * no instance ever reads a half-written file (as `wx` then write would allow).
 */
function resolveSecret(dataDir: string, given: string | undefined): string {
  if (given) return given;
  const file = path.join(dataDir, "secret");
  mkdirSync(dataDir, { recursive: true });
  if (!existsSync(file)) {
    const tmp = `${file}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`;
    writeFileSync(tmp, randomBytes(32).toString("base64url"), { flag: "wx", mode: 0o600 });
    try {
      linkSync(tmp, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    } finally {
      rmSync(tmp, { force: true });
    }
  }
  const secret = readFileSync(file, "utf8").trim();
  // Checked at every start: a file cut short or edited by hand must not sign anything.
  if (secret.length < MIN_SECRET_CHARS) {
    throw new ConfigError(`${file}: the signing secret is ${secret.length} characters, at least ${MIN_SECRET_CHARS} are needed (delete the file to generate a new one, or set PIXBUCKET_SECRET)`);
  }
  return secret;
}

/** Builds the frozen config from an environment. Tests call this with their own env. */
export function loadConfig(env: Env): Config {
  const parsed = parseConfig(env);
  return deepFreeze({ ...parsed, secret: resolveSecret(parsed.dataDir, parsed.secret) });
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object") {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

const globalForConfig = globalThis as unknown as { pixbucketConfig?: Config };

/** The process-wide config, parsed once. The only place that reads process.env. */
export function getConfig(): Config {
  globalForConfig.pixbucketConfig ??= loadConfig(process.env);
  return globalForConfig.pixbucketConfig;
}

/** What the browser may see: an explicit projection, never the whole config. */
export function publicConfig(config: Config) {
  return {
    storage: config.storage.driver,
    maxUploadBytes: Math.max(config.uploads.maxBytes, config.uploads.multipart.maxBytes),
    // The uploader cuts big files itself (before the server answers), so it must cut them as the server plans.
    multipartThresholdBytes: config.uploads.multipart.thresholdBytes,
    multipartPartBytes: config.uploads.multipart.partBytes,
  };
}
