import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "@/server/config/parse-config";

const s3Env = {
  S3_ENDPOINT: "http://127.0.0.1:9000",
  S3_ACCESS_KEY_ID: "key",
  S3_SECRET_ACCESS_KEY: "secret",
  S3_BUCKET_NAME: "photos",
};

function errorFor(env: Record<string, string>): string {
  try {
    parseConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error("expected a ConfigError");
}

describe("parseConfig", () => {
  it("runs on local storage and PGlite under ./data with no environment at all", () => {
    const config = parseConfig({});
    expect(config.storage).toEqual({ driver: "local", rootDir: "./data/objects" });
    expect(config.database).toEqual({ driver: "pglite", dataDir: "./data/db" });
    expect(config.port).toBe(3000);
    expect(config.uploads.maxBytes).toBe(50 * 1024 * 1024);
    expect(config.uploads.expiresInSeconds).toBe(600);
    expect(config.uploads.maxPixels).toBe(100_000_000);
  });

  it("moves everything with PIXBUCKET_DATA_DIR and reads PORT", () => {
    const config = parseConfig({ PIXBUCKET_DATA_DIR: "/srv/pix", PORT: "8080" });
    expect(config.storage).toMatchObject({ rootDir: "/srv/pix/objects" });
    expect(config.database).toMatchObject({ dataDir: "/srv/pix/db" });
    expect(config.port).toBe(8080);
  });

  it("switches to S3 with the seed's variable names, path-style by default", () => {
    const config = parseConfig(s3Env);
    expect(config.storage).toEqual({
      driver: "s3",
      endpoint: "http://127.0.0.1:9000",
      accessKeyId: "key",
      secretAccessKey: "secret",
      region: "us-east-1",
      bucket: "photos",
      forcePathStyle: true,
    });
    expect(parseConfig({ ...s3Env, S3_FORCE_PATH_STYLE: "false" }).storage).toMatchObject({ forcePathStyle: false });
  });

  it("switches to Postgres with DATABASE_URL", () => {
    expect(parseConfig({ DATABASE_URL: "postgres://u:p@db:5432/pix" }).database).toEqual({ driver: "postgres", url: "postgres://u:p@db:5432/pix" });
  });

  it("treats empty values as unset", () => {
    expect(parseConfig({ S3_ENDPOINT: "", DATABASE_URL: "" }).storage.driver).toBe("local");
  });

  it.each([
    [{ S3_ENDPOINT: "http://127.0.0.1:9000" }, /^S3_ACCESS_KEY_ID: is required/],
    [{ ...s3Env, S3_SECRET_ACCESS_KEY: "" }, /^S3_SECRET_ACCESS_KEY: is required/],
    [{ ...s3Env, S3_BUCKET_NAME: "" }, /^S3_BUCKET_NAME: is required/],
    [{ ...s3Env, S3_ENDPOINT: "not a url" }, /^S3_ENDPOINT: /],
    [{ ...s3Env, S3_ENDPOINT: "ftp://host" }, /^S3_ENDPOINT: /],
    [{ ...s3Env, S3_BUCKET_NAME: "Bad_Bucket" }, /^S3_BUCKET_NAME: must be a valid bucket name/],
    [{ ...s3Env, S3_FORCE_PATH_STYLE: "maybe" }, /^S3_FORCE_PATH_STYLE: /],
    [{ PIXBUCKET_STORAGE: "gcs" }, /^PIXBUCKET_STORAGE: /],
    [{ PIXBUCKET_STORAGE: "s3" }, /^S3_ENDPOINT: is required/],
    [{ DATABASE_URL: "mysql://host/db" }, /^DATABASE_URL: /],
    [{ DATABASE_URL: "nonsense" }, /^DATABASE_URL: /],
    [{ PORT: "70000" }, /^PORT: /],
    [{ PORT: "abc" }, /^PORT: /],
    [{ PIXBUCKET_MAX_UPLOAD_BYTES: "-5" }, /^PIXBUCKET_MAX_UPLOAD_BYTES: /],
    [{ PIXBUCKET_UPLOAD_EXPIRY_SECONDS: "0" }, /^PIXBUCKET_UPLOAD_EXPIRY_SECONDS: /],
    [{ PIXBUCKET_MAX_PIXELS: "0" }, /^PIXBUCKET_MAX_PIXELS: /],
    [{ PIXBUCKET_PUBLIC_URL: "localhost:3000" }, /^PIXBUCKET_PUBLIC_URL: /],
    [{ PIXBUCKET_SECRET: "short" }, /^PIXBUCKET_SECRET: must be at least 32 characters/],
    [{ LOG_LEVEL: "loud" }, /^LOG_LEVEL: /],
    [{ PIXBUCKET_TRUSTED_PROXIES: "nginx" }, /^PIXBUCKET_TRUSTED_PROXIES: "nginx" is not an IP address/],
    [{ PIXBUCKET_TRUSTED_PROXIES: "99" }, /^PIXBUCKET_TRUSTED_PROXIES: a hop count/],
  ])("names the variable in one line for %j", (env, expected) => {
    const message = errorFor(env as Record<string, string>);
    expect(message).toMatch(expected);
    expect(message).not.toContain("\n");
  });

  it("explicit PIXBUCKET_STORAGE=local wins over stray S3 variables", () => {
    expect(parseConfig({ ...s3Env, PIXBUCKET_STORAGE: "local" }).storage.driver).toBe("local");
  });
});

describe("parseConfig: multipart", () => {
  it("defaults to a 32 MiB threshold, 16 MiB parts, 1 GiB limit", () => {
    expect(parseConfig({}).uploads.multipart).toMatchObject({ thresholdBytes: 32 * 1024 * 1024, partBytes: 16 * 1024 * 1024, maxBytes: 1024 ** 3 });
  });

  it.each([
    [{ PIXBUCKET_MULTIPART_PART_BYTES: "1000" }, /^PIXBUCKET_MULTIPART_PART_BYTES: must be at least 5 MiB/],
    [{ PIXBUCKET_MULTIPART_THRESHOLD_BYTES: String(60 * 1024 * 1024) }, /^PIXBUCKET_MULTIPART_THRESHOLD_BYTES: must not exceed PIXBUCKET_MAX_UPLOAD_BYTES/],
    [{ PIXBUCKET_MAX_MULTIPART_BYTES: String(100 * 1024 ** 3), PIXBUCKET_MULTIPART_PART_BYTES: String(5 * 1024 * 1024) }, /^PIXBUCKET_MULTIPART_PART_BYTES: too small/],
  ])("names the variable for %j", (env, expected) => {
    expect(() => parseConfig(env)).toThrow(expected);
  });
});
