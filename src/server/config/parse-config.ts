import "server-only";
import { z } from "zod";
import { parseTrustedProxies } from "../http/trusted-proxies";

const MiB = 1024 * 1024;

/** Raised for any bad or half-given variable; the message is one line that names the variable. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

const positiveInt = z.coerce.number().int().positive();
const booleanText = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((value) => value === "true" || value === "1" || value === "yes");
const httpUrl = z.url({ protocol: /^https?$/ });

/** Every variable Pixbucket reads; `.env.example` documents the same list. */
const envSchema = z.object({
  PORT: positiveInt.max(65535).default(3000),
  PIXBUCKET_DATA_DIR: z.string().min(1).default("./data"),
  PIXBUCKET_PUBLIC_URL: httpUrl.optional(),
  PIXBUCKET_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  PIXBUCKET_STORAGE: z.enum(["local", "s3"]).optional(),
  S3_ENDPOINT: httpUrl.optional(),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  S3_REGION: z.string().min(1).default("us-east-1"),
  S3_BUCKET_NAME: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "must be a valid bucket name (3-63 lowercase letters, digits, dots, hyphens)")
    .optional(),
  S3_FORCE_PATH_STYLE: booleanText.default(true),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  PIXBUCKET_MAX_UPLOAD_BYTES: positiveInt.default(50 * MiB),
  PIXBUCKET_MAX_MULTIPART_BYTES: positiveInt.default(1024 * MiB),
  // S3 needs parts of at least 5 MiB (all but the last) and at most 10,000 of them.
  PIXBUCKET_MULTIPART_THRESHOLD_BYTES: positiveInt.min(5 * MiB, "must be at least 5 MiB (5242880)").default(32 * MiB),
  PIXBUCKET_MULTIPART_PART_BYTES: positiveInt
    .min(5 * MiB, "must be at least 5 MiB (5242880)")
    .max(5 * 1024 * MiB, "must be at most 5 GiB")
    .default(16 * MiB),
  PIXBUCKET_MULTIPART_EXPIRY_SECONDS: positiveInt.min(60).max(7 * 24 * 3600).default(24 * 3600),
  PIXBUCKET_SWEEP_INTERVAL_SECONDS: z.coerce.number().int().min(0).max(24 * 3600).default(300),
  PIXBUCKET_RECONCILE_INTERVAL_SECONDS: z.coerce.number().int().min(0).max(30 * 24 * 3600).default(24 * 3600),
  PIXBUCKET_UPLOAD_EXPIRY_SECONDS: positiveInt.min(1).max(7 * 24 * 3600).default(600),
  PIXBUCKET_VIEW_URL_EXPIRY_SECONDS: positiveInt.min(60).max(7 * 24 * 3600).default(3600),
  PIXBUCKET_MAX_PIXELS: positiveInt.default(100_000_000),
  PIXBUCKET_VERIFY_CONCURRENCY: positiveInt.max(64).default(2),
  PIXBUCKET_ALLOW_SIGNUP: booleanText.default(false),
  PIXBUCKET_SIGN_FILES_PER_MINUTE: positiveInt.default(3000),
  PIXBUCKET_METRICS_TOKEN: z.string().min(16, "must be at least 16 characters").max(512).optional(),
  PIXBUCKET_SHUTDOWN_DEADLINE_SECONDS: z.coerce.number().int().min(0).max(3600).default(25),
  PIXBUCKET_DEFAULT_QUOTA_BYTES: positiveInt.optional(),
  PIXBUCKET_DEFAULT_QUOTA_IMAGES: positiveInt.optional(),
  PIXBUCKET_TRUSTED_PROXIES: z
    .string()
    .optional()
    .transform((value, ctx) => {
      try {
        return parseTrustedProxies(value);
      } catch (error) {
        ctx.addIssue({ code: "custom", message: error instanceof Error ? error.message : String(error) });
        return z.NEVER;
      }
    }),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export type Env = Record<string, string | undefined>;

const s3Keys = ["S3_ENDPOINT", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY", "S3_BUCKET_NAME"] as const;

function checkMultipart(env: z.infer<typeof envSchema>): void {
  if (env.PIXBUCKET_MULTIPART_THRESHOLD_BYTES > env.PIXBUCKET_MAX_UPLOAD_BYTES) {
    throw new ConfigError("PIXBUCKET_MULTIPART_THRESHOLD_BYTES: must not exceed PIXBUCKET_MAX_UPLOAD_BYTES (files above the threshold go multipart)");
  }
  if (Math.ceil(env.PIXBUCKET_MAX_MULTIPART_BYTES / env.PIXBUCKET_MULTIPART_PART_BYTES) > 10_000) {
    throw new ConfigError("PIXBUCKET_MULTIPART_PART_BYTES: too small for PIXBUCKET_MAX_MULTIPART_BYTES (S3 allows at most 10,000 parts)");
  }
}

function buildConfig(env: z.infer<typeof envSchema>) {
  checkMultipart(env);
  const givenS3Keys = s3Keys.filter((name) => env[name] !== undefined);
  const driver = env.PIXBUCKET_STORAGE ?? (givenS3Keys.length > 0 ? "s3" : "local");

  const storage = (() => {
    if (driver === "local") {
      if (env.PIXBUCKET_STORAGE === "local" || givenS3Keys.length === 0) {
        return { driver: "local" as const, rootDir: `${env.PIXBUCKET_DATA_DIR}/objects` };
      }
    }
    // S3 needs every one of its variables; naming the first missing one tells the operator what to add.
    const missing = s3Keys.find((name) => env[name] === undefined);
    if (missing) {
      throw new ConfigError(`${missing}: is required when S3 storage is configured (${givenS3Keys.join(", ") || "PIXBUCKET_STORAGE=s3"} given)`);
    }
    return {
      driver: "s3" as const,
      endpoint: env.S3_ENDPOINT!,
      accessKeyId: env.S3_ACCESS_KEY_ID!,
      secretAccessKey: env.S3_SECRET_ACCESS_KEY!,
      region: env.S3_REGION,
      bucket: env.S3_BUCKET_NAME!,
      forcePathStyle: env.S3_FORCE_PATH_STYLE,
    };
  })();

  const database = env.DATABASE_URL
    ? { driver: "postgres" as const, url: env.DATABASE_URL }
    : { driver: "pglite" as const, dataDir: `${env.PIXBUCKET_DATA_DIR}/db` };

  return {
    port: env.PORT,
    dataDir: env.PIXBUCKET_DATA_DIR,
    publicUrl: env.PIXBUCKET_PUBLIC_URL?.replace(/\/+$/, ""),
    secret: env.PIXBUCKET_SECRET,
    storage,
    database,
    uploads: {
      maxBytes: env.PIXBUCKET_MAX_UPLOAD_BYTES,
      multipart: {
        maxBytes: env.PIXBUCKET_MAX_MULTIPART_BYTES,
        thresholdBytes: env.PIXBUCKET_MULTIPART_THRESHOLD_BYTES,
        partBytes: env.PIXBUCKET_MULTIPART_PART_BYTES,
        expiresInSeconds: env.PIXBUCKET_MULTIPART_EXPIRY_SECONDS,
      },
      /** 0 turns the in-app sweeper off (e.g. when only one instance of several should run it). */
      sweepIntervalSeconds: env.PIXBUCKET_SWEEP_INTERVAL_SECONDS,
      /** How often the sweeper also reconciles index and bucket (one HEAD per image and rendition; 0: off). */
      reconcileIntervalSeconds: env.PIXBUCKET_RECONCILE_INTERVAL_SECONDS,
      expiresInSeconds: env.PIXBUCKET_UPLOAD_EXPIRY_SECONDS,
      maxPixels: env.PIXBUCKET_MAX_PIXELS,
      verifyConcurrency: env.PIXBUCKET_VERIFY_CONCURRENCY,
      /** Files one user or token may sign per minute; guards storage and the index against runaway scripts. */
      signFilesPerMinute: env.PIXBUCKET_SIGN_FILES_PER_MINUTE,
    },
    images: { viewUrlExpiresInSeconds: env.PIXBUCKET_VIEW_URL_EXPIRY_SECONDS },
    auth: { allowSignup: env.PIXBUCKET_ALLOW_SIGNUP },
    /** The limits a new account starts with (admins change them per user); none unless configured. */
    defaultQuota:
      env.PIXBUCKET_DEFAULT_QUOTA_BYTES === undefined && env.PIXBUCKET_DEFAULT_QUOTA_IMAGES === undefined
        ? null
        : { bytes: env.PIXBUCKET_DEFAULT_QUOTA_BYTES ?? null, images: env.PIXBUCKET_DEFAULT_QUOTA_IMAGES ?? null },
    /** Bearer token for GET /api/metrics; without one the endpoint answers 404. */
    metricsToken: env.PIXBUCKET_METRICS_TOKEN,
    /** How long SIGTERM waits for in-flight requests before the process exits anyway. */
    shutdownDeadlineSeconds: env.PIXBUCKET_SHUTDOWN_DEADLINE_SECONDS,
    /** Proxies whose X-Forwarded-For is believed; none by default, so the socket's peer is the caller. */
    trustedProxies: env.PIXBUCKET_TRUSTED_PROXIES,
    logLevel: env.LOG_LEVEL,
  };
}

/** The config before the secret is resolved; `secret` is filled in by loadConfig. */
export type ParsedConfig = ReturnType<typeof buildConfig>;
export type StorageConfig = ParsedConfig["storage"];
export type DatabaseConfig = ParsedConfig["database"];

/** Parses the environment into a typed config; throws ConfigError naming the first bad variable. */
export function parseConfig(rawEnv: Env): ParsedConfig {
  // Empty strings count as unset: `S3_ENDPOINT=` in a .env file means "not given".
  const env = Object.fromEntries(Object.entries(rawEnv).filter(([, value]) => value !== undefined && value !== ""));
  const result = envSchema.safeParse(env);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const name = String(issue.path[0] ?? "environment");
    throw new ConfigError(`${name}: ${issue.message}`);
  }
  return buildConfig(result.data);
}
