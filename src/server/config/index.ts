import "server-only";
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseConfig, type Env, type ParsedConfig } from "./parse-config";

export type Config = Readonly<ParsedConfig & { secret: string }>;
export { ConfigError } from "./parse-config";

/**
 * The signing secret for local URLs (and later sessions) is generated once into the data dir, so
 * restarts keep URLs valid and several instances sharing the dir agree. `wx` makes the first writer win.
 */
function resolveSecret(dataDir: string, given: string | undefined): string {
  if (given) return given;
  const file = path.join(dataDir, "secret");
  mkdirSync(dataDir, { recursive: true });
  try {
    writeFileSync(file, randomBytes(32).toString("base64url"), { flag: "wx", mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  return readFileSync(file, "utf8").trim();
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
